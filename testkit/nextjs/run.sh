#!/usr/bin/env bash
# Baseline for scripts/bench.sh: builds and serves the Next.js version of Leptra's docs and user pages.
#   run.sh build        npm ci (when node_modules is missing or older than package-lock.json), then next build
#   run.sh start PORT   next start on 127.0.0.1:PORT, in the foreground (exec: the PID is the server's)
# Environment: LEPTRA_CONTENT_DIR (read by next build, which generates the docs pages; default
# ../../content, i.e. the repository's content), GITHUB_API_URL (read on each request to /user/*).
# Nothing on stdout; npm's and Next's output goes to stderr.
set -euo pipefail

log() { printf '[nextjs] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# A relative LEPTRA_CONTENT_DIR is relative to the caller's directory, not this one.
if [ -n "${LEPTRA_CONTENT_DIR:-}" ]; then
  LEPTRA_CONTENT_DIR=$(cd "$LEPTRA_CONTENT_DIR" && pwd) || die "no such folder: $LEPTRA_CONTENT_DIR"
  export LEPTRA_CONTENT_DIR
fi
cd "$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1
command -v npm >/dev/null 2>&1 || die "Node.js and npm are needed"

case "${1:-}" in
  build)
    # npm ci rewrites node_modules/.package-lock.json, so it is newer than the lock file after each install.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      log "npm ci"
      npm ci --no-audit --no-fund >&2
    fi
    log "next build"
    node_modules/.bin/next build >&2
    ;;
  start)
    port=${2:-}
    [[ "$port" =~ ^[0-9]+$ ]] || die "usage: run.sh start PORT"
    [ -f .next/BUILD_ID ] || die "not built: run.sh build first"
    exec node_modules/.bin/next start -p "$port" -H 127.0.0.1 >&2
    ;;
  *) die "usage: run.sh build | run.sh start PORT" ;;
esac
