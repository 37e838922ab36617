#!/usr/bin/env bash
# Installs whatever Leptra's build and tests need and is missing; skips what is present.
#   scripts/setup.sh          build tools (wasm target, cargo-leptos, wasm-bindgen CLI, wasm-opt)
#   scripts/setup.sh --test   the same, plus Chromium, a Java runtime and the end-to-end npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
source scripts/env.sh

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# rust-src: the release bundle rebuilds the standard library (scripts/env.sh, WASM_RELEASE_ENV).
for component in clippy rustfmt rust-src; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

# Tools are built in cargo's own temporary folder, not in the project's target dir
# (scripts/env.sh), so that installing one never waits for a build or blocks it.
install_tool() { env -u CARGO_TARGET_DIR cargo "$@"; }

# cargo-leptos needs a newer rustc to build than the project does.
if ! command -v cargo-leptos >/dev/null 2>&1; then
  log "installing cargo-leptos (takes ~15 minutes once)"
  rustup toolchain install 1.96.0 --profile minimal
  install_tool +1.96.0 install cargo-leptos --locked
fi

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version"
  install_tool install wasm-bindgen-cli --version "=$wb_version" --force
fi

# wasm-opt for release builds: binaryen from npm (version pinned below).
BINARYEN_VERSION=132.0.0
if [ "$("$LEPTRA_TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) into $LEPTRA_TOOLS"
  mkdir -p "$LEPTRA_TOOLS"
  npm install --prefix "$LEPTRA_TOOLS" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

# Fonts for the generated social images: Nanum Gothic (SIL Open Font License),
# which has Hangul and Latin; the server reads it on the first image it draws.
apt_install fonts-nanum
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--cluster" ]; then
  # The cluster (scripts/cluster.sh) and its tests: a shared cache and a caching proxy.
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v nginx >/dev/null 2>&1 || apt_install nginx-light
fi

if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  # The Nu Html Checker (npm vnu-jar, end2end/tests/markup.spec.ts) runs on Java 11 or later.
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
    log "installing end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
