#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, run offline in Debian's Chromium) on the release build: the
# performance, accessibility, best-practices and SEO scores of a docs page and a user page,
# desktop and mobile, plus every failing audit. Target: 100 in accessibility, best practices
# and SEO. Starts and stops its own servers on 127.0.0.1; expects the release build
# (scripts/build.sh and the fake-github binary), which scripts/bench.sh makes before calling it.
# With --first-load it measures the first load on a phone instead (mobile preset: simulated slow
# 4G and a 4x slower CPU): per page, the HTML, CSS, JS and wasm the page fetched (raw, brotli and
# gzip as this server sends them), the performance score, FCP, LCP, TBT and total bytes, and the
# wasm code the browser compiles while the page hydrates (scripts/hydration-code.cjs).
#   scripts/lighthouse.sh [path …]               default: /docs/guide/ssr /user/octocat
#   scripts/lighthouse.sh --first-load [path …]  default: / /docs/guide/ssr /user/hundred /user/pages13
#   LEPTRA_LIGHTHOUSE_DIR=…                       where lighthouse is installed (default: $LEPTRA_TOOLS/lighthouse)
#   LEPTRA_LIGHTHOUSE_REPEAT=1                    measure a returning reader: each page is measured with the HTTP
#                                                 cache of an earlier load in the same browser profile, of the same
#   LEPTRA_LIGHTHOUSE_REPEAT=/docs                page (1), or of another page first (a path: a reader's next page)
#   LEPTRA_SERVER_ENV="NAME=value …"              extra settings for the server (e.g. LEPTRA_INLINE_CSS=true)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

MODE=scores
if [ "${1:-}" = --first-load ]; then
  MODE=first-load
  shift
fi

LIGHTHOUSE_VERSION=13.5.0
CHROME=${CHROME_PATH:-/usr/bin/chromium}
LIGHTHOUSE_DIR=${LEPTRA_LIGHTHOUSE_DIR:-$LEPTRA_TOOLS/lighthouse}
PAGES=("$@")
if [ ${#PAGES[@]} -eq 0 ]; then
  if [ "$MODE" = first-load ]; then PAGES=(/ /docs/guide/ssr /user/hundred /user/pages13); else PAGES=(/docs/guide/ssr /user/octocat); fi
fi

log() { printf '\033[1m[lighthouse]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

SERVER="$CARGO_TARGET_DIR/release/server"
FAKE="$CARGO_TARGET_DIR/release/fake-github"
[ -x "$SERVER" ] && [ -x "$FAKE" ] && [ -d target/site/pkg ] || die "build first: scripts/build.sh and cargo build --release -p testkit --bin fake-github"
[ -x "$CHROME" ] || die "Chromium is missing at $CHROME (scripts/setup.sh --test installs it)"
if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
  log "installing lighthouse $LIGHTHOUSE_VERSION into $LIGHTHOUSE_DIR"
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi
LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leptra-lighthouse.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A free port from the kernel: bind to port 0 and read what it chose.
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'; }

"$FAKE" --addr 127.0.0.1:0 >"$WORK/fake.out" 2>"$WORK/fake.err" &
PIDS+=($!)
FAKE_URL=""
for _ in $(seq 1 500); do
  FAKE_URL=$(sed -n 's/^fake-github listening on \(http:[^ ]*\)$/\1/p' "$WORK/fake.out")
  [ -n "$FAKE_URL" ] && break
  sleep 0.02
done
[ -n "$FAKE_URL" ] || die "the fake GitHub did not start"

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
read -r -a SERVER_ENV <<<"${LEPTRA_SERVER_ENV:-}"
env LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
  GITHUB_API_URL="$FAKE_URL" RUST_LOG=warn "${SERVER_ENV[@]}" "$SERVER" >"$WORK/server.out" 2>"$WORK/server.err" &
PIDS+=($!)
for _ in $(seq 1 3000); do
  curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break
  sleep 0.02
done
curl -fsS -o /dev/null "$BASE/" || { cat "$WORK/server.err" >&2; die "the server did not start"; }

# Runs Lighthouse on $BASE$1 with the extra flags $3…, writing the JSON report to $2.
run_lighthouse() {
  local path=$1 report=$2
  shift 2
  # Warm the page cache first, as a visitor after the first would find it.
  curl -fsS -o /dev/null "$BASE$path" || true
  local chrome_flags="--headless=new --no-sandbox --disable-gpu" repeat=()
  if [ -n "${LEPTRA_LIGHTHOUSE_REPEAT:-}" ]; then
    # One profile for both loads, and no cache clearing: the second load is a returning reader's.
    rm -rf "$WORK/profile"
    chrome_flags+=" --user-data-dir=$WORK/profile"
    repeat=(--disable-storage-reset)
    local first=$path
    [[ $LEPTRA_LIGHTHOUSE_REPEAT == /* ]] && first=$LEPTRA_LIGHTHOUSE_REPEAT
    CHROME_PATH="$CHROME" "$LIGHTHOUSE" "$BASE$first" "$@" "${repeat[@]}" --quiet --output=json \
      --output-path="$WORK/first-visit.json" --chrome-flags="$chrome_flags" >"$WORK/lighthouse.log" 2>&1 \
      || { tail -n 20 "$WORK/lighthouse.log" >&2; die "lighthouse failed on $path"; }
  fi
  CHROME_PATH="$CHROME" "$LIGHTHOUSE" "$BASE$path" "$@" "${repeat[@]}" --quiet --output=json --output-path="$report" \
    --chrome-flags="$chrome_flags" >"$WORK/lighthouse.log" 2>&1 \
    || { tail -n 20 "$WORK/lighthouse.log" >&2; die "lighthouse failed on $path"; }
}

# Prints "raw br gzip" for $BASE$1: the body's size as sent with each Accept-Encoding.
sizes() {
  local enc
  for enc in identity br gzip; do
    printf '%s ' "$(curl -sS -o /dev/null -H "Accept-Encoding: $enc" -w '%{size_download}' "$BASE$1")"
  done
  echo
}

if [ "$MODE" = first-load ]; then
  printf '%-16s %-5s %9s %9s %9s   %5s %7s %7s %7s %9s\n' page kind raw brotli gzip score FCP LCP TBT "total"
  for path in "${PAGES[@]}"; do
    report="$WORK/report-first-load.json"
    log "mobile $path"
    run_lighthouse "$path" "$report" --only-categories=performance
    # Every HTML, CSS, JS and wasm request of the load, by kind, then their sizes as served.
    node -e '
      const r = require(process.argv[1]);
      const kind = (item) => {
        const path = new URL(item.url).pathname;
        if (item.resourceType === "Document") return "html";
        if (path.endsWith(".wasm")) return "wasm";
        if (path.endsWith(".css")) return "css";
        if (path.endsWith(".js")) return "js";
        return null;
      };
      for (const item of r.audits["network-requests"].details.items) {
        const k = kind(item);
        if (k) console.log(k, new URL(item.url).pathname + new URL(item.url).search);
      }' "$report" >"$WORK/requests.txt"
    for kind in html css js wasm; do
      raw=0 br=0 gz=0
      while read -r k url; do
        [ "$k" = "$kind" ] || continue
        read -r a b c < <(sizes "$url")
        raw=$((raw + a)) br=$((br + b)) gz=$((gz + c))
      done <"$WORK/requests.txt"
      printf '%-16s %-5s %9s %9s %9s\n' "$path" "$kind" "$raw" "$br" "$gz"
    done
    node -e '
      const r = require(process.argv[1]);
      const ms = (id) => (r.audits[id].numericValue / 1000).toFixed(2) + "s";
      console.log("".padEnd(16), "".padEnd(5), "".padStart(9), "".padStart(9), "".padStart(9), " ",
        String(Math.round(r.categories.performance.score * 100)).padStart(5), ms("first-contentful-paint").padStart(7),
        ms("largest-contentful-paint").padStart(7), (Math.round(r.audits["total-blocking-time"].numericValue) + "ms").padStart(7),
        (Math.round(r.audits["total-byte-weight"].numericValue / 1024) + " KiB").padStart(9));' "$report"
  done
  # The wasm code the browser compiles while each page hydrates (scripts/hydration-code.cjs).
  printf '\n%-16s %9s %12s\n' page functions "wasm compiled by hydration (body bytes)"
  CHROME_PATH="$CHROME" NODE_PATH="$LIGHTHOUSE_DIR/node_modules" node scripts/hydration-code.cjs "$BASE" "${PAGES[@]}" |
    while IFS=$'\t' read -r path functions bytes; do printf '%-16s %9s %12s\n' "$path" "$functions" "$bytes"; done
  exit 0
fi

printf '%-22s %-8s %12s %14s %15s %5s\n' page form performance accessibility best-practices seo
for path in "${PAGES[@]}"; do
  for form in desktop mobile; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    report="$WORK/report-$form.json"
    log "$form $path"
    run_lighthouse "$path" "$report" "${preset[@]}" --only-categories=performance,accessibility,best-practices,seo
    node -e '
      const r = require(process.argv[1]);
      const score = (c) => Math.round(r.categories[c].score * 100);
      console.log([process.argv[2].padEnd(22), process.argv[3].padEnd(8), String(score("performance")).padStart(12),
        String(score("accessibility")).padStart(14), String(score("best-practices")).padStart(15),
        String(score("seo")).padStart(5)].join(" "));
      for (const c of ["accessibility", "best-practices", "seo"]) {
        for (const ref of r.categories[c].auditRefs) {
          const a = r.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`    failing (${c}): ${a.id} — ${a.title}`);
        }
      }' "$report" "$path" "$form"
  done
done
