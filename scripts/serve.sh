#!/usr/bin/env bash
# Installs whatever is missing, builds Leptra in release mode and serves it at
# http://127.0.0.1:3000 (override with LEPTOS_SITE_ADDR). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
exec cargo leptos serve --release --precompress
