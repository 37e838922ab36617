#!/usr/bin/env bash
# Installs whatever is missing, then runs every check and test:
# formatting, clippy (server and browser builds), unit and integration tests,
# and the Playwright end-to-end tests in Chromium against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --test

step() { printf '\n\033[1m==> %s\033[0m\n' "$1"; shift; "$@"; }

step "formatting" cargo fmt --all --check
step "clippy: server build" cargo clippy -p app -p server -p testkit --features app/ssr,testkit/corpus --all-targets -- -D warnings
step "clippy: browser build" cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown --all-targets -- -D warnings
step "unit and integration tests: app" cargo test -p app --features ssr
step "unit and integration tests: server" cargo test -p server
step "unit tests: testkit (the fake GitHub, the search corpus)" cargo test -p testkit --features corpus
step "release build" scripts/build.sh
step "fake GitHub for the browser tests" cargo build --release -p testkit --bin fake-github
export LEPTRA_TARGET_DIR="$CARGO_TARGET_DIR"
step "end-to-end tests in Chromium" bash -c 'cd end2end && npx playwright test'
