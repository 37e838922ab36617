#!/usr/bin/env bash
# Writes the site as static files for any static host (GitHub Pages, nginx, a CDN bucket):
#   scripts/export.sh [OUT]      (default: target/export)
# Builds in release mode like scripts/serve.sh, then runs the server binary's `export`
# subcommand, which renders every file through the server's own router. Settings come from
# the environment as for the server: LEPTRA_SITE_URL (the public origin, for canonical URLs,
# the sitemap and social images), LEPTRA_CONTENT_DIR, and LEPTRA_EXPORT_LIVE_URL (a live
# deployment for the pages only a server can answer; without it their links are left out).
# See content/en/static-export.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
out="${1:-target/export}"
if [[ "${LEPTRA_EXPORT_SKIP_BUILD:-}" != 1 ]]; then
  scripts/setup.sh
  scripts/build.sh
fi
# A previous export is replaced; any other folder that is not empty is left alone.
if [[ -f "$out/404.html" && -f "$out/sitemap.xml" ]]; then
  rm -rf "$out"
elif [[ -d "$out" && -n "$(ls -A "$out")" ]]; then
  echo "export.sh: $out is not empty and is not an earlier export; choose another folder" >&2
  exit 2
fi
LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" LEPTOS_HASH_FILES=true LEPTOS_ENV="${LEPTOS_ENV:-PROD}" \
  RUST_LOG="${RUST_LOG:-warn}" "$CARGO_TARGET_DIR/release/server" export "$out"
