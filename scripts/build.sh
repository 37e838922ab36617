#!/usr/bin/env bash
# The release build of the site: the server binary, the wasm bundle and the assets in
# target/site, each asset with brotli (.br) and gzip (.gz) siblings that the server sends
# as they are. Expects the tools from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# The release site has its own folder: `cargo leptos watch` writes development assets into
# Cargo.toml's site-root (target/site-dev), and neither deletes the other's hashed files.
export LEPTOS_SITE_ROOT=target/site
# Content hashes in the bundle's file names (served as immutable for a year): release only,
# Cargo.toml's hash-files is for `cargo leptos watch`.
export LEPTOS_HASH_FILES=true
# The bundle first, with its own flags (scripts/env.sh), then the server, which reads the
# bundle's file hashes.
# Code splitting (`--split`): each `#[lazy]` function (an exported site's search, see
# app::static_export) leaves the bundle for a file of its own, fetched when first called.
# The `split` feature tells the code the build splits; builds without `--split`
# (`cargo leptos watch`, tests) keep those functions in the bundle.
env "${WASM_RELEASE_ENV[@]}" cargo leptos build --release --precompress --frontend-only --split --lib-features split
cargo leptos build --release --precompress --server-only
# cargo-leptos' brotli is quality 11, but its gzip comes out larger than gzip -9 (and than
# compressing on the fly), so the .gz siblings are made again.
find target/site -name '*.gz' -print0 | while IFS= read -r -d '' gz; do
  gzip -9 -n -c "${gz%.gz}" >"$gz"
done
