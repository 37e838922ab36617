# Shared settings for Leptra's scripts; sourced, not run.
# Build output lives outside the clone so that a fresh clone on the same machine
# reuses earlier builds; override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/leptra/target}"
# Tools installed from npm (a current binaryen: Debian's wasm-opt 108 breaks
# wasm-bindgen's reference-types output) live here and come first on PATH.
export LEPTRA_TOOLS="${LEPTRA_TOOLS:-$HOME/.cache/leptra/tools}"
export PATH="$LEPTRA_TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# cargo-leptos builds the server with LEPTOS_OUTPUT_NAME set, and leptos reads
# it at compile time: setting it for every cargo command keeps plain cargo
# builds (fake GitHub, tests, benchmarks) from recompiling leptos and back.
LEPTOS_OUTPUT_NAME=$(awk '/^\[\[workspace.metadata.leptos\]\]/ { in_leptos = 1 } in_leptos && /^name *=/ { gsub(/[" ]/, ""); sub(/^name=/, ""); print; exit }' "$(dirname "${BASH_SOURCE[0]}")/../Cargo.toml")
export LEPTOS_OUTPUT_NAME
# The release bundle's build (scripts/build.sh; the bench builds its baseline the same way):
# the standard library is rebuilt for the wasm with its size optimizations, and a panic
# aborts at once, without unwinding code, panic messages or locations, and `{:?}` writes
# nothing. These are unstable flags of the stable compiler, allowed by RUSTC_BOOTSTRAP for
# this one build (the wasm has its own target folder); development builds and every test
# build use none of them. See README, "Bundle size".
WASM_RELEASE_ENV=(
  RUSTC_BOOTSTRAP=1
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
)
