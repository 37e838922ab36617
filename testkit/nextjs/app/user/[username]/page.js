// Baseline for scripts/bench.sh: /user/[username], every public repository of a GitHub user,
// fetched from GITHUB_API_URL on each request (dynamic rendering, no cache); 404 for a missing user.
import { notFound } from 'next/navigation';
import { fetchAllRepos } from '../../../lib/github.js';

export const dynamic = 'force-dynamic';

const USERNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export async function generateMetadata({ params }) {
  const { username } = await params;
  return { title: `${username}'s repositories – Leptra` };
}

export default async function UserPage({ params }) {
  const { username } = await params;
  if (!USERNAME.test(username)) notFound();
  const repos = await fetchAllRepos(username);
  if (!repos) notFound();
  return (
    <main>
      <h1>{username}'s repositories</h1>
      <p>{repos.length} public repositories</p>
      <ul className="repos">
        {repos.map((repo) => (
          <li key={repo.id ?? repo.name}>
            <a href={repo.html_url}>{repo.name}</a>
            {repo.description && <p>{repo.description}</p>}
            <span className="meta">★ {repo.stargazers_count ?? 0}</span>
            {repo.language && <span className="meta">{repo.language}</span>}
          </li>
        ))}
      </ul>
    </main>
  );
}
