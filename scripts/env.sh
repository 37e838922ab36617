# Shared settings for Leptra's scripts; sourced, not run.
# Build output lives outside the clone so that a fresh clone on the same machine
# reuses earlier builds; override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/leptra/target}"
export PATH="$HOME/.cargo/bin:$PATH"
