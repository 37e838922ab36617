// Baseline for scripts/bench.sh: Next.js settings. Defaults on purpose, including `compress`
// (gzip on each request), which is the baseline the bench compares against.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This folder is the project root, whatever lockfiles lie further up the tree.
const root = path.dirname(fileURLToPath(import.meta.url));

export default {
  compress: true,
  outputFileTracingRoot: root,
  turbopack: { root },
};
