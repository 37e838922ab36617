#!/usr/bin/env bash
# The release build of the site: the server binary, the wasm bundle and the assets in
# target/site, each asset with brotli (.br) and gzip (.gz) siblings that the server sends
# as they are. Expects the tools from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# The bundle first, with its own flags (scripts/env.sh), split into the part every page
# shares and a chunk per page family (app::chunk), then the server, which reads the bundle's
# file hashes and the split's manifest.
env "${WASM_RELEASE_ENV[@]}" cargo leptos build --release --precompress --frontend-only --split
# A bundle per page family for direct loads of its pages: its code in the main part, the other
# families' in chunks (app::chunk, feature entry-<family>). Each goes to pkg/<family> with its
# own hash file; cargo-leptos empties the site folder it builds into, so each is built aside
# and moved in.
for family in docs search user; do
  aside="$CARGO_TARGET_DIR/entry-$family"
  env "${WASM_RELEASE_ENV[@]}" LEPTOS_SITE_ROOT="$aside" LEPTOS_SITE_PKG_DIR="pkg/$family" \
    LEPTOS_HASH_FILE_NAME="hash-$family.txt" \
    cargo leptos build --release --precompress --frontend-only --split --lib-features "entry-$family"
  rm -rf "target/site/pkg/$family"
  # Its stylesheet and type declarations are the shared bundle's; only the scripts are moved.
  rm -f "$aside/pkg/$family/"*.css* "$aside/pkg/$family/"*.d.*ts*
  mv "$aside/pkg/$family" "target/site/pkg/$family"
done
cargo leptos build --release --precompress --server-only
# cargo-leptos' brotli is quality 11, but its gzip comes out larger than gzip -9 (and than
# compressing on the fly), so the .gz siblings are made again.
find target/site -name '*.gz' -print0 | while IFS= read -r -d '' gz; do
  gzip -9 -n -c "${gz%.gz}" >"$gz"
done
