#!/usr/bin/env bash
# Installs whatever is missing, builds Leptra in release mode and serves it at
# http://127.0.0.1:3000 (override with LEPTOS_SITE_ADDR; see the README for every
# setting). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
scripts/build.sh
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" LEPTOS_HASH_FILES=true LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
echo "serving http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec "$CARGO_TARGET_DIR/release/server"
