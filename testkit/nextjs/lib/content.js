// Baseline for scripts/bench.sh: reads Leptra's Markdown (the `en/` tree of LEPTRA_CONTENT_DIR,
// default ../../content) and renders it to HTML with marked, for the docs pages.
import fs from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';

const EN = path.resolve(process.env.LEPTRA_CONTENT_DIR || '../../content', 'en');

// Headings get ids, so that the pages' #anchors work as they do on Leptra.
const slugify = (text) =>
  text.toLowerCase().replace(/<[^>]*>|&[a-z#0-9]+;/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-');
const marked = new Marked({
  renderer: {
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${slugify(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// Leptra's `:::name args` … `:::` blocks (callouts, tabs, file trees) become plain <div>s;
// the blank lines let marked render the Markdown inside them. Code fences are left alone.
function directives(markdown) {
  let fence = null;
  return markdown
    .split('\n')
    .map((line) => {
      const f = /^\s*(`{3,}|~{3,})/.exec(line);
      if (f && (!fence || f[1].startsWith(fence))) fence = fence ? null : f[1];
      if (fence || f) return line;
      const d = /^:::(\w[\w-]*)\s*(.*)$/.exec(line);
      if (d) return `\n<div class="${d[1]}" data-args="${escape(d[2])}">\n`;
      return line.trim() === ':::' ? '\n</div>\n' : line;
    })
    .join('\n');
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

// One folder's sidebar entries: in _meta.json's order (separators included, outside links
// and menus left out), then the files _meta.json does not name, by name.
function entries(rel) {
  const dir = path.join(EN, rel);
  const names = new Map();
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (/^[_.]/.test(d.name)) continue;
    if (d.isDirectory()) names.set(d.name, 'dir');
    else if (d.name.endsWith('.md')) names.set(d.name.slice(0, -3), 'page');
  }
  const out = [];
  const add = (key, title) => {
    const kind = names.get(key);
    names.delete(key);
    const slug = rel ? [...rel.split('/'), key] : [key];
    if (kind === 'page') out.push({ kind, title, slug: key === 'index' ? slug.slice(0, -1) : slug });
    else out.push({ kind, title, slug, children: entries(path.posix.join(rel, key)) });
  };
  for (const [key, value] of Object.entries(readJson(path.join(dir, '_meta.json')))) {
    const title = typeof value === 'string' ? value : value?.title;
    if (value?.type === 'separator') out.push({ kind: 'separator', title });
    else if (names.has(key)) add(key, title || key);
  }
  for (const key of [...names.keys()].sort()) add(key, key);
  return out;
}

let tree;
export function sidebar() {
  return (tree ??= entries(''));
}

// Every page's slug (`[]` is /docs), for generateStaticParams.
export function allSlugs() {
  const walk = (items) => items.flatMap((i) => (i.kind === 'page' ? [i.slug] : i.children ? walk(i.children) : []));
  return walk(sidebar());
}

// The page at `slug` (en/<slug>.md or en/<slug>/index.md): its title and HTML, or null.
export function loadPage(slug) {
  if (slug.some((s) => !/^[\w-][\w.-]*$/.test(s))) return null;
  const rel = slug.join('/');
  for (const file of [rel && `${rel}.md`, path.join(rel, 'index.md')].filter(Boolean)) {
    let text;
    try {
      text = fs.readFileSync(path.join(EN, file), 'utf8');
    } catch {
      continue;
    }
    const fm = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
    const body = fm ? text.slice(fm[0].length) : text;
    const title =
      (fm && /^title:\s*["']?(.*?)["']?\s*$/m.exec(fm[1])?.[1]) || /^#\s+(.+)$/m.exec(body)?.[1] || slug.at(-1) || 'Docs';
    return { title, html: marked.parse(directives(body)) };
  }
  return null;
}
