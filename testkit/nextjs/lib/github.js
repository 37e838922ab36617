// Baseline for scripts/bench.sh: every public repository of a user, from the GitHub-compatible
// API at GITHUB_API_URL, following the `Link: rel="next"` pages, uncached (fetched on each request).
const MAX_PAGES = 100; // 10,000 repositories; guards against a Link loop

function nextLink(header, base) {
  const m = header && /<([^>]+)>\s*;\s*rel="?next"?/.exec(header);
  return m ? new URL(m[1], base).href : null;
}

// The repositories in GitHub's order, or null when the API answers 404 (no such user).
export async function fetchAllRepos(username) {
  const api = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const headers = { accept: 'application/vnd.github+json', 'user-agent': 'leptra-nextjs-baseline' };
  if (process.env.GITHUB_TOKEN) headers.authorization = `Bearer ${process.env.GITHUB_TOKEN}`;
  let url = `${api}/users/${encodeURIComponent(username)}/repos?per_page=100&page=1`;
  const repos = [];
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await fetch(url, { cache: 'no-store', headers });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${url}`);
    repos.push(...(await res.json()));
    url = nextLink(res.headers.get('link'), url);
  }
  return repos;
}
