#!/usr/bin/env bash
# Leptra's benchmarks, printed as plain text (figures on stdout, progress on stderr):
#   1. GitHub pagination: a cold load of 13 pages through Leptra's client vs following rel="next"
#   2. warm-cache user page throughput vs the same bytes as a static file
#   3. docs: page throughput vs a static file; the docs and user pages against a Next.js app of the
#      same pages (testkit/nextjs); start-up time and memory for growing content; the size of one
#      page's HTML and JSON
#   4. the browser bundle over the wire: precompressed files vs compressing on each request
#   5. hostile traffic: random cookies and query parameters against the page cache (memory, throughput)
#   6. a fault soak: steady load while the fake GitHub fails at random
#   7. live content: from a file write to the new text in the server's HTML (a page, a _meta.json),
#      in the site's content and in the generated 1,000-page tree; memory before/after 200 edits
#   8. Lighthouse: performance, accessibility, best practices and SEO of a docs page and a user
#      page (scripts/lighthouse.sh, which also runs alone)
#   9. replicas: 1 vs 3, with and without Redis, with nginx's cache in front: upstream requests
#      for one burst of cold users, and requests per second for a docs page and a warm user page;
#      a deploy: requests, failures and p99 while every replica is restarted in turn, beside none
#  10. first load on a phone: per page, the HTML, CSS, JS and wasm it fetches (raw, brotli, gzip)
#      and Lighthouse's mobile performance, FCP, LCP, TBT and bytes (scripts/lighthouse.sh
#      --first-load); the wasm's 20 largest contributors (twiggy); the floor: the wasm of a
#      minimal Leptos app of the same shape (testkit/floor), built alike, against the site's,
#      and what the same app weighs with Resource and Suspense, with leptos_router, in islands mode
#  11. static export: `server export` of the site's content and of the generated 1,000-page tree
#      (wall time, pages per second, files written), beside mdBook building the same 1,000
#      Markdown files
# Every ratio is against a baseline measured in the same run. Installs whatever is missing,
# builds in release mode, starts and stops its own servers on 127.0.0.1 and leaves nothing
# running. Takes about 15 minutes once built.
#   scripts/bench.sh            every section
#   scripts/bench.sh cluster    section 9 only (about 2 minutes once built)
#   scripts/bench.sh http       sections 2 and 3a-3c only: the pages' throughput and the Next.js comparison
#   scripts/bench.sh export     section 11 only (about 3 minutes once built and mdBook installed)
#   scripts/bench.sh dev        the development loop alone (scripts/bench-dev.sh; not part of the full run):
#                               save to served for a component, the stylesheet and a Markdown page
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

ONLY=${1:-}
case "$ONLY" in "" | cluster | http | export) ;; dev) exec scripts/bench-dev.sh ;; *) die "usage: scripts/bench.sh [cluster | http | export | dev]" ;; esac
# Everything the tests use: Chromium for Lighthouse, Node.js for it and the Next.js baseline, Redis and nginx.
# The export alone needs only the build tools.
if [ "$ONLY" = export ]; then scripts/setup.sh; else scripts/setup.sh --test; fi

if [ "$ONLY" != export ] && ! command -v wrk >/dev/null 2>&1; then
  log "installing Debian package: wrk"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null 2>&1 || die "curl is needed"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leptra-bench.XXXXXX")
STATIC_FILE=target/site/bench-static.html
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$STATIC_FILE"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------- build
# The site (server binary + target/site) exactly as scripts/serve.sh builds it (scripts/build.sh); then the fake
# GitHub (the testkit crate) and the benchmark helper (a server example; scripts/env.sh sets LEPTOS_OUTPUT_NAME as cargo-leptos does,
# so that shared crates are not rebuilt back and forth).
build() {
  log "building: $*"
  if ! "$@" >"$WORK/build.log" 2>&1; then
    tail -n 40 "$WORK/build.log" >&2
    return 1
  fi
}
if ! build scripts/build.sh; then
  log "cargo leptos failed; retrying once"
  build scripts/build.sh || die "the release build failed"
fi

build cargo build --release -p testkit --bin fake-github || die "building the fake GitHub failed"
build cargo build --release -p server --example bench || die "building the benchmark helper failed"

SERVER="$CARGO_TARGET_DIR/release/server"
FAKE="$CARGO_TARGET_DIR/release/fake-github"
BENCH="$CARGO_TARGET_DIR/release/examples/bench"
[ -d target/site/pkg ] || die "target/site/pkg is missing after the build"
display() { printf '%s' "${1/#$HOME/\~}"; }

# ---------------------------------------------------------------------------- helpers
section() { printf '\n==== %s ====\n\n' "$1"; }
command_line() { printf '$ %s\n\n' "$*"; }

# Starts the fake GitHub (latency $1 ms) on an ephemeral port; sets FAKE_URL.
start_fake() {
  "$FAKE" --addr 127.0.0.1:0 --latency-ms "$1" >"$WORK/fake.out" 2>"$WORK/fake.err" &
  PIDS+=($!)
  local pid=$! i
  for i in $(seq 1 500); do
    FAKE_URL=$(sed -n 's/^fake-github listening on \(http:[^ ]*\)$/\1/p' "$WORK/fake.out")
    [ -n "$FAKE_URL" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/fake.err" >&2; die "the fake GitHub exited"; }
    sleep 0.02
  done
  die "the fake GitHub did not start"
}

# Starts the release server with content folder $1 and site root $2 (default target/site); sets BASE.
start_server() {
  local port i
  port=$("$BENCH" free-port)
  BASE="http://127.0.0.1:$port"
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${2:-target/site}" LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
    GITHUB_API_URL="$FAKE_URL" LEPTRA_CONTENT_DIR="$1" RUST_LOG=warn \
    "$SERVER" >"$WORK/server.out" 2>"$WORK/server.err" &
  PIDS+=($!)
  SERVER_PID=$!
  for i in $(seq 1 3000); do
    curl -fsS -o /dev/null "$BASE/" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; die "the server exited during start-up"; }
    sleep 0.02
  done
  die "the server did not answer within 60 s"
}

# Fetches $1 (no Accept-Encoding, or the coding $3) into file $2; prints "status bytes seconds".
fetch() { curl -sS -o "$2" -H "Accept-Encoding: ${3:-identity}" -w '%{http_code} %{size_download} %{time_total}\n' "$1"; }

# Saves the page at path $1 as the static file and checks the server returns it unchanged.
# Prints a line describing both.
save_static() {
  local page_path=$1 what status bytes secs
  read -r status bytes secs < <(fetch "$BASE$page_path" "$WORK/page.html")
  [ "$status" = 200 ] || die "GET $page_path answered $status"
  cp "$WORK/page.html" "$STATIC_FILE"
  read -r what static_bytes _ < <(fetch "$BASE/bench-static.html" "$WORK/static.html")
  [ "$what" = 200 ] || die "GET /bench-static.html answered $what"
  cmp -s "$WORK/page.html" "$WORK/static.html" || die "/bench-static.html differs from $page_path"
  # The static baseline sends the very bytes the page is sent in, precompressed beside it.
  local coding
  for coding in br gzip; do
    fetch "$BASE$page_path" "$STATIC_FILE.${coding/gzip/gz}" "$coding" >/dev/null
  done
  printf 'warm-up GET %s: %s, %s bytes in %.0f ms (saved as %s)\n' "$page_path" "$status" "$bytes" \
    "$(awk -v s="$secs" 'BEGIN { print s * 1000 }')" "$STATIC_FILE"
  printf 'check   GET /bench-static.html: %s, %s bytes, identical: yes\n' "$what" "$static_bytes"
}

# Every HTTP figure is measured as a browser asks: these are the headers Chromium sends with a
# navigation (its User-Agent shortened). Figures without them are labelled "identity".
BROWSER=(-H 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
  -H 'Accept-Encoding: br, gzip' -H 'Accept-Language: en-US,en;q=0.9'
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36')
WRK_ARGS=(-t2 -c32 -d8s "${BROWSER[@]}")
# The same load without Accept-Encoding: the server sends every byte uncompressed.
IDENTITY_ARGS=(-t2 -c32 -d8s)
WRK_SHOWN="-t2 -c32 -d8s -H <a browser's headers>"
# Runs wrk on URL $1, saving its report in $2, as a browser asks (or with the arguments that follow).
run_wrk() {
  local url=$1 out=$2
  shift 2
  local args=("${WRK_ARGS[@]}")
  [ $# -gt 0 ] && args=("$@")
  log "wrk ${args[*]:0:3} $url"
  wrk "${args[@]}" "$url" >"$out"
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_line() {
  local label=$1 file=$2 errors
  errors=$(awk '/Non-2xx|Socket errors/ { sub(/^ +/, ""); printf "%s; ", $0 }' "$file")
  printf '  %-40s %12s %13s %12s %s\n' "$label" "$(rps "$file")" \
    "$(awk '$1 == "Latency" { print $2 }' "$file")" "$(awk '/^Transfer\/sec:/ { print $2 }' "$file")" \
    "${errors:+  ERRORS: $errors}"
}
wrk_table() {
  printf '  %-40s %12s %13s %12s\n' "" "requests/s" "latency avg" "transfer/s"
  wrk_line "$1" "$2"
  wrk_line "$3" "$4"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Compares the page at $1 with the same bytes as a static file; sets RATIO.
page_vs_static() {
  local page_path=$1 label=$2
  save_static "$page_path"
  run_wrk "$BASE$page_path" "$WORK/wrk-page.txt"
  run_wrk "$BASE/bench-static.html" "$WORK/wrk-static.txt"
  run_wrk "$BASE$page_path" "$WORK/wrk-identity.txt" "${IDENTITY_ARGS[@]}"
  echo
  wrk_table "$label" "$WORK/wrk-page.txt" "static file, same brotli bytes" "$WORK/wrk-static.txt"
  wrk_line "$label, identity" "$WORK/wrk-identity.txt"
  printf '  sizes: %s bytes of HTML, %s with brotli, %s with gzip\n' "$(stat -c %s "$STATIC_FILE")" \
    "$(stat -c %s "$STATIC_FILE.br")" "$(stat -c %s "$STATIC_FILE.gz")"
  RATIO=$(ratio "$(rps "$WORK/wrk-page.txt")" "$(rps "$WORK/wrk-static.txt")")
  rm -f "$STATIC_FILE" "$STATIC_FILE.br" "$STATIC_FILE.gz"
  server_panics
}

# Reports panics the server logged since the last call (a panic drops that request's connection,
# which wrk counts as a socket read error).
PANICS_SEEN=0
server_panics() {
  local total first
  total=$(grep -c 'panicked at' "$WORK/server.err" || true)
  if [ "$total" -gt "$PANICS_SEEN" ]; then
    first=$(grep -A1 'panicked at' "$WORK/server.err" | sed -n 2p)
    printf '  SERVER PANICS during these runs: %s (e.g. "%s"; the connection is dropped)\n' \
      "$((total - PANICS_SEEN))" "$first"
  fi
  PANICS_SEEN=$total
}

# ---------------------------------------------------------------------------- 11
# The static export (content/en/static-export.md): `server export` of the site's content and of
# the generated 1,000-page tree, each into a new folder, timed from the command's start to its
# exit (start-up, content loading and the copy of the assets included), then mdBook building the
# same 1,000 Markdown files as they are, front matter and all, with a SUMMARY.md that lists them
# in the tree's order. Zola is not measured: it is in none of the registries the project installs
# from (crates.io, npm, PyPI, Debian). Both tools run alone, one after the other, on every core.
MDBOOK_VERSION=0.5.4
MDBOOK="$LEPTRA_TOOLS/bin/mdbook"
# The size of file $1 compressed with brotli at its highest quality, as the build precompresses.
brotli_size() { node -e 'const z = require("zlib"); const b = require("fs").readFileSync(process.argv[1]);
  console.log(z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length)' "$1"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# One row of the table (also kept for the summary): label, pages, files written, bytes, seconds.
export_row() {
  printf '  %-48s %7s %7s %8s %8s %8s\n' "$1" "$2" "$3" "$(awk -v b="$4" 'BEGIN { printf "%.1f MB", b / 1e6 }')" \
    "$5 s" "$(awk -v p="$2" -v s="$5" 'BEGIN { printf "%.1f", p / s }')" | tee -a "$WORK/export.txt"
}
# Exports the content folder $2 as "$1" into a temporary folder, prints its row and removes it.
export_tree() {
  local label=$1 out="$WORK/export-out" started elapsed pages
  log "server export: $label"
  started=$(date +%s.%N)
  env LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true GITHUB_API_URL="$FAKE_URL" \
    LEPTRA_CONTENT_DIR="$2" RUST_LOG=warn "$SERVER" export "$out" >"$WORK/export.out" 2>"$WORK/export.err" ||
    { cat "$WORK/export.err" >&2; die "the export of $label failed"; }
  elapsed=$(seconds_since "$started")
  pages=$(sed -n 's/^exported \([0-9]*\) pages.*/\1/p' "$WORK/export.out")
  export_row "$label" "$pages" "$(find "$out" -type f | wc -l)" "$(du -sb "$out" | cut -f1)" "$elapsed"
  export_search "$out" >>"$WORK/export-search.txt"
  rm -rf "$out"
}
# The export's search in the browser (scripts/search-time.cjs): the English index's size, and the
# time from the last key typed to the first result on a 4× slower CPU (the search box's 150 ms
# pause included), the export served by Python's static file server.
export_search() {
  local out=$1 index="$1/search-index/en.json" port=3619 pid
  printf '\n  %s: search index %s bytes (%s brotli)\n' "$label" "$(stat -c %s "$index")" "$(brotli_size "$index")"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
  pid=$!
  sleep 1
  NODE_PATH=end2end/node_modules node scripts/search-time.cjs "http://127.0.0.1:$port" /docs/ hydration "server functions" caching deploy ||
    log "the search timing of $label failed"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
export_section() {
  section "11. Static export (server export) beside mdBook"
  if [ "$("$MDBOOK" --version 2>/dev/null | awk '{ print $2 }')" != "v$MDBOOK_VERSION" ]; then
    log "installing mdBook $MDBOOK_VERSION into $LEPTRA_TOOLS (a few minutes once)"
    env -u CARGO_TARGET_DIR cargo install mdbook --version "=$MDBOOK_VERSION" --locked --root "$LEPTRA_TOOLS" \
      >"$WORK/mdbook-install.log" 2>&1 || log "mdBook did not install; its row is missing"
  fi
  [ -n "${FAKE_URL:-}" ] || start_fake 0
  [ -d "$WORK/docs-1000" ] || "$BENCH" gen-docs "$WORK/docs-1000" --folders 20 --pages-per-folder 50 >/dev/null
  command_line "LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true LEPTRA_CONTENT_DIR=… $(display "$SERVER") export OUT" \
    $'\n'"  mdbook build BOOK   (mdBook $MDBOOK_VERSION; BOOK/src: the generated tree's 1,001 files, SUMMARY.md listing them)"
  printf '  %-48s %7s %7s %8s %8s %8s\n' "" pages files size wall "pages/s"
  export_tree "the site's content (content/)" content
  export_tree "generated 1,000-page tree" "$WORK/docs-1000"
  if [ -x "$MDBOOK" ]; then
    local book="$WORK/book" folder page started elapsed
    mkdir -p "$book"
    cp -r "$WORK/docs-1000/en" "$book/src"
    printf '[book]\ntitle = "Generated docs"\n' >"$book/book.toml"
    {
      printf '# Summary\n\n[Generated docs](index.md)\n'
      for folder in "$book"/src/section-*/; do
        printf '\n# %s\n\n' "$(basename "$folder")"
        for page in "$folder"topic-*.md; do
          printf -- '- [%s](%s/%s)\n' "$(sed -n '2s/^title: //p' "$page")" "$(basename "$folder")" "$(basename "$page")"
        done
      done
    } >"$book/src/SUMMARY.md"
    log "mdbook build"
    started=$(date +%s.%N)
    "$MDBOOK" build "$book" >"$WORK/mdbook.log" 2>&1 || { tail -n 20 "$WORK/mdbook.log" >&2; die "mdbook build failed"; }
    elapsed=$(seconds_since "$started")
    export_row "mdBook $MDBOOK_VERSION, the same 1,000-page tree" "$(find "$book/src" -name 'topic-*.md' -o -name index.md | wc -l)" \
      "$(find "$book/book" -type f | wc -l)" "$(du -sb "$book/book" | cut -f1)" "$elapsed"
    rm -rf "$book"
  fi
  printf '  Zola: not measured (in none of crates.io, npm, PyPI and Debian'"'"'s packages)\n'
  printf '\n  Search in the browser, on a 4x slower CPU (scripts/search-time.cjs):\n'
  cat "$WORK/export-search.txt"
  printf '\n  pages: HTML documents (the export: docs pages of every locale and version, plus / and /ko);\n'
  printf '  files: every file written (the export: each page'"'"'s data, .md twin and social image, and the assets)\n'
}

printf 'Leptra benchmarks, %s, %s, %s CPUs, commit %s%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(uname -m)" \
  "$(nproc)" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
if [ "$ONLY" = export ]; then
  printf 'release server %s\n' "$(display "$SERVER")"
  export_section
  exit 0
fi
printf 'release server %s, wrk %s, a browser'"'"'s headers (Accept-Encoding: br, gzip) unless labelled identity, loopback only\n' "$(display "$SERVER")" \
  "$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"

if [ "$ONLY" != cluster ]; then
# ---------------------------------------------------------------------------- 1
if [ -z "$ONLY" ]; then
section "1. GitHub pagination: cold load of pages13 (1,250 repos = 13 pages of 100)"
command_line "$(display "$BENCH") github --user pages13 --latency-ms 50 --runs 5"
log "GitHub pagination"
"$BENCH" github --user pages13 --latency-ms 50 --runs 5 | tee "$WORK/github.txt"
fi

# ---------------------------------------------------------------------------- 2
section "2. Warm-cache user page throughput"
log "starting the fake GitHub (+50 ms) and the release server"
start_fake 50
start_server content
command_line "LEPTOS_SITE_ADDR=${BASE#http://} LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true" \
  "GITHUB_API_URL=$FAKE_URL LEPTRA_CONTENT_DIR=content RUST_LOG=warn $(display "$SERVER") &" $'\n'"  " \
  "$(display "$FAKE") --addr 127.0.0.1:0 --latency-ms 50 &" $'\n'"  " \
  "wrk $WRK_SHOWN $BASE/user/pages13; wrk $WRK_SHOWN $BASE/bench-static.html"
page_vs_static /user/pages13 "user page /user/pages13 (warm cache)"
USER_RATIO=$RATIO
printf '\n  ratio user page / static file: %s\n' "$USER_RATIO"

# ---------------------------------------------------------------------------- 3
section "3. Docs"
printf '3a. docs page vs the same bytes as a static file (same server as section 2)\n\n'
command_line "wrk $WRK_SHOWN $BASE/docs/guide/ssr; wrk $WRK_SHOWN $BASE/bench-static.html"
page_vs_static /docs/guide/ssr "docs page /docs/guide/ssr (warmed once)"
DOCS_RATIO=$RATIO
verdict=$(awk -v r="$DOCS_RATIO" 'BEGIN { print (r >= 0.8 ? "met" : "MISSED") }')
printf '\n  ratio docs page / static file: %s (target ≥ 0.8: %s)\n' "$DOCS_RATIO" "$verdict"

# Context for the static-file baseline: one connection, a tiny file vs a tiny in-memory route.
printf '\n  context for the static baseline: one connection (wrk -t1 -c1 -d2s), tiny responses\n'
for path in /robots.txt /favicon.svg; do
  log "wrk -t1 -c1 -d2s $BASE$path"
  wrk -t1 -c1 -d2s "${BROWSER[@]}" "$BASE$path" >"$WORK/wrk-one.txt"
  printf '  %-40s %12s requests/s, latency avg %s\n' "$path ($(case $path in /robots.txt) echo 'in-memory route' ;;
    *) echo 'static file' ;; esac))" "$(rps "$WORK/wrk-one.txt")" \
    "$(awk '$1 == "Latency" { print $2 }' "$WORK/wrk-one.txt")"
done
# The same pages in a Next.js app (testkit/nextjs: the docs generated at build time and served from
# Next's cache, the user page rendered per request from the same fake GitHub), the same load.
printf '\n3c. against a Next.js app of the same pages (testkit/nextjs; next build, next start)\n\n'
if build testkit/nextjs/run.sh build; then
  NEXT_PORT=$("$BENCH" free-port)
  GITHUB_API_URL="$FAKE_URL" testkit/nextjs/run.sh start "$NEXT_PORT" 2>"$WORK/next.err" &
  PIDS+=($!)
  NEXT_PID=$!
  NEXT="http://127.0.0.1:$NEXT_PORT"
  for _ in $(seq 1 500); do curl -fsS -o /dev/null "$NEXT/docs" 2>/dev/null && break; sleep 0.02; done
  command_line "wrk $WRK_SHOWN \$LEPTRA\$path; wrk $WRK_SHOWN \$NEXT\$path   (fake GitHub +50 ms)"
  printf '  %-34s %14s %14s %9s %s\n' "" "Leptra req/s" "Next.js req/s" "ratio" "target"
  for path in /docs/guide/ssr /user/octocat /user/alice; do
    curl -fsS -o /dev/null "$BASE$path" && curl -fsS -o /dev/null "$NEXT$path" || log "warm-up of $path failed"
    run_wrk "$BASE$path" "$WORK/wrk-leptra.txt"
    run_wrk "$NEXT$path" "$WORK/wrk-next.txt"
    target=20
    [[ $path == /docs/* ]] && target=5
    r=$(ratio "$(rps "$WORK/wrk-leptra.txt")" "$(rps "$WORK/wrk-next.txt")")
    printf '  %-34s %14s %14s %9s ≥ %s: %s\n' "$path ($(case $path in /user/octocat) echo 8 repos ;;
      /user/alice) echo 250 repos ;; *) echo docs ;; esac))" "$(rps "$WORK/wrk-leptra.txt")" \
      "$(rps "$WORK/wrk-next.txt")" "$r" "$target" "$(awk -v r="$r" -v t="$target" 'BEGIN { print (r >= t ? "met" : "MISSED") }')"
    for coding in br gzip; do
      printf '    as sent with %-5s Leptra %8s bytes, Next.js %8s bytes\n' "$coding" \
        "$(curl -sS -o /dev/null -H "Accept-Encoding: $coding" -w '%{size_download}' "$BASE$path")" \
        "$(curl -sS -o /dev/null -H "Accept-Encoding: $coding" -w '%{size_download}' "$NEXT$path")"
    done
  done
  kill "$NEXT_PID" 2>/dev/null || true
  wait "$NEXT_PID" 2>/dev/null || true
else
  printf '  the Next.js app did not build (see above); no comparison in this run\n'
fi

kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true

[ "$ONLY" = http ] && exit 0

printf '\n3b. start-up time, memory and page size as the content grows\n\n'
log "generating docs trees"
for folders in 2 20; do
  "$BENCH" gen-docs "$WORK/docs-$((folders * 50))" --folders "$folders" --pages-per-folder 50 >/dev/null
done
"$BENCH" gen-docs "$WORK/docs-10" --folders 1 --pages-per-folder 10 >/dev/null
printf '$ %s gen-docs DIR --folders N --pages-per-folder 50   (N = 2, 20; and 1 folder of 10)\n' "$(display "$BENCH")"
command_line "$(display "$BENCH") startup --server $(display "$SERVER") --github $FAKE_URL --runs 3" \
  "--page section-10/topic-25 site=content generated-10=DIR generated-100=DIR generated-1000=DIR"
log "start-up and memory (12 server starts)"
"$BENCH" startup --server "$SERVER" --github "$FAKE_URL" --site-root target/site --runs 3 \
  --page section-10/topic-25 site=content generated-10="$WORK/docs-10" generated-100="$WORK/docs-100" \
  generated-1000="$WORK/docs-1000" | tee "$WORK/startup.txt"

# ---------------------------------------------------------------------------- 4
section "4. The browser bundle over the wire"
# The baseline is the same build without the .br/.gz siblings: the server then compresses the
# file on every request (tower-http's default brotli and gzip levels).
mkdir -p "$WORK/site-plain"
cp -r target/site/. "$WORK/site-plain/"
find "$WORK/site-plain" \( -name '*.br' -o -name '*.gz' \) -delete
# Prints "bytes ms" for $1 fetched with Accept-Encoding $2 (median time of 5).
served() {
  local i out bytes=0 times=()
  for i in 1 2 3 4 5; do
    out=$(curl -sS -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download} %{time_total}' "$1")
    bytes=${out% *}
    times+=("${out#* }")
  done
  printf '%s %s' "$bytes" "$(printf '%s\n' "${times[@]}" | sort -n | awk 'NR == 3 { printf "%.1f", $1 * 1000 }')"
}
command_line "curl -H 'Accept-Encoding: br|gzip' \$BASE/pkg/…  (site root target/site vs a copy without .br/.gz)"
printf '  %-42s %10s  %-22s %-22s %s\n' "file" "raw" "precompressed (ms)" "on the fly (ms)" "ratio"
BUNDLE_RATIO=""
for root in target/site "$WORK/site-plain"; do
  log "bundle sizes from $root"
  start_server content "$root"
  for file in target/site/pkg/*.wasm target/site/pkg/*.js; do
    for enc in br gzip; do
      printf '%s %s %s\n' "$(basename "$file")" "$enc" "$(served "$BASE/pkg/$(basename "$file")" "$enc")"
    done
  done >"$WORK/bundle-$([ "$root" = target/site ] && echo pre || echo fly).txt"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
done
while read -r name enc bytes ms; do
  read -r _ _ fly_bytes fly_ms < <(awk -v n="$name" -v e="$enc" '$1 == n && $2 == e' "$WORK/bundle-fly.txt")
  raw=$(stat -c %s "target/site/pkg/$name")
  r=$(ratio "$bytes" "$fly_bytes")
  printf '  %-42s %10s  %-22s %-22s %s\n' "$name ($enc)" "$raw" "$bytes ($ms)" "$fly_bytes ($fly_ms)" "$r"
  [[ $name == leptra.*.wasm && $enc == br ]] && BUNDLE_RATIO="wasm $raw bytes, $bytes with brotli vs $fly_bytes compressed per request: $r"
done <"$WORK/bundle-pre.txt"

# ---------------------------------------------------------------------------- 5
section "5. Hostile traffic: random cookies and query parameters"
# Throughput of the docs page on 16 connections while 16 other connections send either the same
# page (benign: the baseline) or the page with random cookies and query parameters (the flood).
# Both runs put the same load on the 2 CPUs, so the ratio shows what hostility itself costs.
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
start_fake 0
start_server content
PAGE=/docs/guide/ssr
curl -fsS -o /dev/null "$BASE$PAGE"
FLOOD_ARGS=(-t1 -c16 -d8s "${BROWSER[@]}")
RSS_BEFORE=$(rss_mib)
log "benign load: wrk ${FLOOD_ARGS[*]:0:3} $BASE$PAGE twice at once"
wrk "${FLOOD_ARGS[@]}" "$BASE$PAGE" >"$WORK/benign-other.txt" &
wrk "${FLOOD_ARGS[@]}" "$BASE$PAGE" >"$WORK/benign.txt"
wait $!
log "flood: wrk ${FLOOD_ARGS[*]:0:3} -s scripts/flood.lua beside the same page"
wrk "${FLOOD_ARGS[@]}" -s scripts/flood.lua "$BASE$PAGE" >"$WORK/flood.txt" &
FLOOD_PID=$!
wrk "${FLOOD_ARGS[@]}" "$BASE$PAGE" >"$WORK/during.txt"
RSS_DURING=$(rss_mib)
wait "$FLOOD_PID"
RSS_AFTER_FLOOD=$(rss_mib)
log "after: wrk ${FLOOD_ARGS[*]:0:3} $BASE$PAGE"
wrk "${FLOOD_ARGS[@]}" "$BASE$PAGE" >"$WORK/after.txt"
RSS_AFTER=$(rss_mib)
FLOOD_REQUESTS=$(awk '/requests in/ { print $1 }' "$WORK/flood.txt")
command_line "wrk ${FLOOD_ARGS[*]:0:3} -H <a browser's headers> -s scripts/flood.lua $BASE$PAGE & wrk ${FLOOD_ARGS[*]:0:3} -H <…> $BASE$PAGE"
printf '  %-52s %12s %10s\n' "" "requests/s" "RSS"
printf '  %-52s %12s %7s MiB\n' "before: docs page beside 16 benign connections" "$(rps "$WORK/benign.txt")" "$RSS_BEFORE"
printf '  %-52s %12s %7s MiB\n' "during: docs page beside 16 flooding connections" "$(rps "$WORK/during.txt")" "$RSS_DURING"
printf '  %-52s %12s %7s MiB\n' "after: docs page alone on 16 connections" "$(rps "$WORK/after.txt")" "$RSS_AFTER"
printf '  %-52s %12s\n' "the flood itself ($FLOOD_REQUESTS requests, each a new cookie and query)" "$(rps "$WORK/flood.txt")"
FLOOD_RATIO=$(ratio "$(rps "$WORK/during.txt")" "$(rps "$WORK/benign.txt")")
flood_verdict=$(awk -v r="$FLOOD_RATIO" -v n="$FLOOD_REQUESTS" 'BEGIN { print (r >= 0.8 && n >= 20000 ? "met" : "MISSED") }')
printf '\n  docs page during the flood / beside benign traffic: %s (target ≥ 0.8 over ≥ 20,000 hostile requests: %s)\n' \
  "$FLOOD_RATIO" "$flood_verdict"
printf '  memory: %s MiB before, %s MiB at the end of the flood, %s MiB after (page cache bound LEPTRA_PAGE_CACHE_MB=64)\n' \
  "$RSS_BEFORE" "$RSS_AFTER_FLOOD" "$RSS_AFTER"
server_panics
kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true

# ---------------------------------------------------------------------------- 6
section "6. Fault soak"
SOAK_SECONDS=${SOAK_SECONDS:-60}
command_line "$(display "$BENCH") soak --seconds $SOAK_SECONDS --connections 32 --chaos 0.3"
log "fault soak ($SOAK_SECONDS s)"
"$BENCH" soak --seconds "$SOAK_SECONDS" --connections 32 --chaos 0.3 2>"$WORK/soak.err" | tee "$WORK/soak.txt"

# ---------------------------------------------------------------------------- 7
section "7. Live content (LEPTRA_WATCH_CONTENT=true)"
# The benchmark edits the files it measures (and restores them): it works on copies.
cp -r content "$WORK/live-site"
command_line "$(display "$BENCH") live-content --server $(display "$SERVER") --github $FAKE_URL --runs 10 --edits 200" \
  "site=COPY_OF_content:guide/ssr generated-1000=DIR:section-10/topic-25"
log "live content (2 server starts, ~450 edits)"
"$BENCH" live-content --server "$SERVER" --github "$FAKE_URL" --site-root target/site --runs 10 --edits 200 \
  site="$WORK/live-site:guide/ssr" generated-1000="$WORK/docs-1000:section-10/topic-25" | tee "$WORK/live.txt"
# In a browser: the Playwright spec edits the open page's file and prints when the tab showed it.
if [ -x /usr/bin/chromium ] && [ -d end2end/node_modules ]; then
  printf '\nin an open Chromium tab (end2end/tests/live-content.spec.ts, first test):\n'
  log "live content in Chromium (Playwright)"
  (cd end2end && LEPTRA_TARGET_DIR="$CARGO_TARGET_DIR" npx playwright test live-content --workers 1 2>&1) \
    | grep '^live content:' | sed 's/^/  /' | tee -a "$WORK/live.txt" || log "the Playwright run failed"
fi

# ---------------------------------------------------------------------------- 8
section "8. Lighthouse (scripts/lighthouse.sh)"
lighthouse() { scripts/lighthouse.sh /docs/guide/ssr /user/octocat | tee "$WORK/lighthouse.txt"; }
lighthouse || log "lighthouse failed; its scores are missing from the summary"
fi

# ---------------------------------------------------------------------------- 9
section "9. Replicas, a shared Redis and a CDN (nginx, scripts/cluster/nginx.conf)"
# The same burst of cold users and the same wrk runs against four set-ups, each started fresh
# (empty caches, fake GitHub counters reset). The burst: 30 users of 2 pages each (chaos-000 …
# chaos-029, behaving), 5 requests per user, 32 at a time, round-robin over the replicas (through
# nginx when there are several). On this 2-CPU machine the replicas, nginx and wrk share the CPUs.
CLUSTER_USERS=30
CLUSTER_REQUESTS=5
start_fake 50
REDIS_PORT=$("$BENCH" free-port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 500); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.02; done

REPLICA_PIDS=()
# Starts $1 replicas, sharing Redis when $2 is "redis"; sets REPLICA_PORTS.
start_replicas() {
  local n port redis_url=""
  [ "$2" = redis ] && redis_url="redis://127.0.0.1:$REDIS_PORT"
  REPLICA_PORTS=()
  for n in $(seq 1 "$1"); do
    port=$("$BENCH" free-port)
    env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
      GITHUB_API_URL="$FAKE_URL" LEPTRA_CONTENT_DIR=content RUST_LOG=warn REDIS_URL="$redis_url" \
      "$SERVER" >"$WORK/replica-$n.out" 2>"$WORK/replica-$n.err" &
    PIDS+=($!)
    REPLICA_PIDS+=($!)
    REPLICA_PORTS+=("$port")
  done
  for port in "${REPLICA_PORTS[@]}"; do
    for i in $(seq 1 3000); do curl -fsS -o /dev/null "http://127.0.0.1:$port/docs" 2>/dev/null && break; sleep 0.02; done
  done
}
stop_replicas() {
  kill "${REPLICA_PIDS[@]}" 2>/dev/null || true
  wait "${REPLICA_PIDS[@]}" 2>/dev/null || true
  REPLICA_PIDS=()
}
# Starts nginx in front of the replicas, its cache on or off ($1); sets FRONT.
start_nginx() {
  local dir="$WORK/nginx-$1" port upstreams="" p
  port=$("$BENCH" free-port)
  # nginx started by root runs its workers as `nobody`, who must reach the cache folder.
  chmod 755 "$WORK"
  mkdir -p "$dir/tmp"
  for p in "${REPLICA_PORTS[@]}"; do upstreams+="        server 127.0.0.1:$p max_fails=0;\\n"; done
  awk -v dir="$dir" -v port="$port" -v upstreams="${upstreams%\\n}" -v cache="$1" '
    { gsub(/@DIR@/, dir); gsub(/@PORT@/, port) }
    cache == "off" { sub(/proxy_cache leptra;/, "proxy_cache off;") }
    /@UPSTREAMS@/ { print upstreams; next }
    { print }' scripts/cluster/nginx.conf >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" 2>"$dir/stderr.log" &
  PIDS+=($!)
  NGINX_PID=$!
  FRONT="http://127.0.0.1:$port"
  for i in $(seq 1 3000); do curl -fsS -o /dev/null "$FRONT/docs" 2>/dev/null && break; sleep 0.02; done
}
stop_nginx() { kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; }
upstream_total() { curl -fsS "$FAKE_URL/__fake/stats" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
# The burst against $@ (base URLs, used in turn); prints the fake GitHub's request count.
burst() {
  local bases=("$@") n=0 user r
  for user in $(seq 0 $((CLUSTER_USERS - 1))); do
    for r in $(seq 1 "$CLUSTER_REQUESTS"); do
      printf '%s/user/chaos-%03d\n' "${bases[n % ${#bases[@]}]}" "$user"
      n=$((n + 1))
    done
  done | xargs -P 32 -n 1 curl -fsS -o /dev/null || log "some burst requests failed"
  upstream_total
}
# One set-up: label, replicas, redis|none, nginx off|cache|none.
cluster_run() {
  local label=$1 count=$2 redis=$3 front=$4 targets upstream docs user
  log "cluster: $label"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  curl -fsS -X POST "$FAKE_URL/__fake/reset" >/dev/null
  start_replicas "$count" "$redis"
  if [ "$front" = none ]; then
    FRONT="http://127.0.0.1:${REPLICA_PORTS[0]}"
    targets=("$FRONT")
  else
    start_nginx "$front"
    targets=("$FRONT")
  fi
  upstream=$(burst "${targets[@]}")
  curl -fsS -o /dev/null "$FRONT/user/alice"
  run_wrk "$FRONT/docs/guide/ssr" "$WORK/wrk-cluster-docs.txt"
  run_wrk "$FRONT/user/alice" "$WORK/wrk-cluster-user.txt"
  docs=$(rps "$WORK/wrk-cluster-docs.txt")
  user=$(rps "$WORK/wrk-cluster-user.txt")
  printf '  %-44s %10s %14s %16s\n' "$label" "$upstream" "$docs" "$user" | tee -a "$WORK/cluster.txt"
  [ "$front" = none ] || stop_nginx
  stop_replicas
}
printf '  %-44s %10s %14s %16s\n' "" "upstream" "docs req/s" "user req/s"
printf '  %-44s %10s %14s %16s\n' "" "requests" "(guide/ssr)" "(alice, warm)"
: >"$WORK/cluster.txt"
cluster_run "1 replica" 1 none none
cluster_run "3 replicas behind nginx (no cache), no Redis" 3 none off
cluster_run "3 replicas behind nginx (no cache), Redis" 3 redis off
cluster_run "3 replicas, Redis, nginx's cache in front" 3 redis cache
printf '\n  burst: %s users x %s requests, 32 at once, fake GitHub +50 ms; wrk %s\n' "$CLUSTER_USERS" \
  "$CLUSTER_REQUESTS" "$WRK_SHOWN"

# A deploy under load: wrk asks nginx (cache off) in front of 3 replicas with Redis for 40 s, once
# steady and once while each replica in turn gets SIGTERM (it turns not-ready, finishes its
# requests and exits), starts again on its port and answers /readyz before the next one goes.
# Failed = non-2xx/3xx answers and socket errors, as wrk counts them; p99 from wrk --latency.
printf '\n9b. a deploy under load: 3 replicas, Redis, nginx (cache off), each replica restarted in turn\n\n'
DEPLOY_WRK=(-t2 -c16 -d40s --latency "${BROWSER[@]}")
restart_replica() { # index into REPLICA_PORTS and REPLICA_PIDS
  local i=$1 port=${REPLICA_PORTS[$1]} pid=${REPLICA_PIDS[$1]}
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
    GITHUB_API_URL="$FAKE_URL" LEPTRA_CONTENT_DIR=content RUST_LOG=warn REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    LEPTRA_DRAIN_NOTICE_MS=500 "$SERVER" >>"$WORK/replica-$i.out" 2>>"$WORK/replica-$i.err" &
  PIDS+=($!)
  REPLICA_PIDS[$i]=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do sleep 0.02; done
}
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
wrk_failed() { awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_p99() { awk '$1 == "99%" { print $2 }' "$1"; }
deploy_run() { # label, restarts (yes|no), path
  local out="$WORK/wrk-deploy-$2-${3//\//_}.txt" i wrk_pid
  log "deploy: $1"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  start_replicas 3 redis
  start_nginx off
  curl -fsS -o /dev/null "$FRONT$3"
  wrk "${DEPLOY_WRK[@]}" "$FRONT$3" >"$out" &
  wrk_pid=$!
  if [ "$2" = yes ]; then
    sleep 5
    for i in 0 1 2; do restart_replica "$i"; done
  fi
  wait "$wrk_pid"
  printf '  %-44s %10s %8s %10s\n' "$1" "$(wrk_requests "$out")" "$(wrk_failed "$out")" "$(wrk_p99 "$out")" |
    tee -a "$WORK/deploy.txt"
  stop_nginx
  stop_replicas
}
printf '  %-44s %10s %8s %10s\n' "" "requests" "failed" "p99"
for path in /docs/guide/ssr /user/alice; do
  deploy_run "$path, steady" no "$path"
  deploy_run "$path, rolling restart" yes "$path"
done
[ -n "$ONLY" ] && exit 0

# ---------------------------------------------------------------------------- 10
section "10. First load on a phone (scripts/lighthouse.sh --first-load)"
scripts/lighthouse.sh --first-load | tee "$WORK/first-load.txt" || log "the first-load run failed"

# The stylesheet as a hashed file of its own (the default) against inside every page
# (LEPTRA_INLINE_CSS=true), on a reader's first page and on their next one (its HTML not cached).
printf '\n10b. the stylesheet: its own file vs inside the page; /docs/guide/ssr as a first page and after /docs\n\n'
for css in linked inline; do
  for visit in first next; do
    printf '  %s stylesheet, %s page\n' "$css" "$visit"
    repeat=()
    [ "$visit" = next ] && repeat=(LEPTRA_LIGHTHOUSE_REPEAT=/docs)
    env "${repeat[@]}" LEPTRA_SERVER_ENV="LEPTRA_INLINE_CSS=$([ "$css" = inline ] && echo true || echo false)" \
      scripts/lighthouse.sh --first-load /docs/guide/ssr 2>/dev/null | awk 'NR <= 6 { print "    " $0 }' \
      || log "the $css/$visit run failed"
  done
done
if ! command -v twiggy >/dev/null 2>&1; then
  log "installing twiggy"
  env -u CARGO_TARGET_DIR cargo install twiggy --locked >/dev/null 2>&1 || log "twiggy did not install"
fi
# The wasm as cargo built it, before wasm-bindgen and wasm-opt, still has its function names.
NAMED_WASM="$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend.wasm"
if command -v twiggy >/dev/null 2>&1 && [ -f "$NAMED_WASM" ]; then
  printf '\n  the wasm'"'"'s 20 largest contributors by crate (twiggy, code and data before wasm-bindgen and wasm-opt):\n'
  # Each item is named by its path; generic items by the crate of their trait (`<T as crate::…>`).
  twiggy top -n 1000000 -f csv "$NAMED_WASM" | awk -F, 'NR > 1 && $1 !~ /names|custom section|^"?export/ {
      name = $1; gsub(/^"?<?(&mut |&|\*)*/, "", name); sub(/^T as /, "", name)
      crate = name; sub(/[^A-Za-z0-9_].*/, "", crate); if (crate == "") crate = "(other)"
      bytes[crate] += $2; total += $2 }
    END { for (c in bytes) printf "%10d %5.1f%%  %s\n", bytes[c], 100 * bytes[c] / total, c }' | sort -rn |
    sed -n '1,20s/^/  /p' # sed reads to the end: `head` would close the pipe early (SIGPIPE, which pipefail reports)
fi

# The floor under the bundle: the smallest app of the site's shape (testkit/floor: Leptos
# hydrating, two pages chosen by a path signal, leptos_meta, a signal, a list that a GET server
# function fills), built with the same flags, wasm-bindgen and wasm-opt as the site's bundle,
# brotli 11 as served. Variants say what the framework's parts weigh: the list through Resource
# and Suspense, that and routing by leptos_router (the site's shape), and Leptos' islands mode
# (one island, no client navigation).
# Only the wasm is compared: cargo-leptos also minifies the site's JS glue, which this does not.
FLOOR_TARGET="$CARGO_TARGET_DIR/floor"
# Builds the floor with cargo features "$1" into "$WORK/floor-$2", and prints "raw brotli".
floor_wasm() {
  local out="$WORK/floor-$2"
  build env "${WASM_RELEASE_ENV[@]}" CARGO_TARGET_DIR="$FLOOR_TARGET" cargo build --locked \
    --manifest-path testkit/floor/Cargo.toml --lib --target wasm32-unknown-unknown --profile wasm-release \
    --features "$1" &&
    build wasm-bindgen --target web --out-dir "$out" --out-name floor \
      "$FLOOR_TARGET/wasm32-unknown-unknown/wasm-release/leptra_floor.wasm" &&
    build wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
      --enable-sign-ext --enable-mutable-globals "$out/floor_bg.wasm" -o "$out/floor.wasm" &&
    echo "$(stat -c %s "$out/floor.wasm") $(brotli_size "$out/floor.wasm")"
}
if floor=$(floor_wasm "" plain); then
  read -r floor_raw floor_br <<<"$floor"
  # The site's wasm: the one bundle every page loads.
  site_wasm=$(ls target/site/pkg/leptra.*.wasm | head -n 1)
  site_raw=$(stat -c %s "$site_wasm")
  site_br=$(stat -c %s "$site_wasm.br")
  printf '\n  the floor: wasm of a minimal app of the same shape vs the site'"'"'s, built alike (bytes):\n'
  printf '  %-44s %10s %10s\n' "" raw brotli
  printf '  %-44s %10s %10s\n' "minimal app (testkit/floor)" "$floor_raw" "$floor_br" | tee -a "$WORK/first-load.txt"
  for variant in "resource: its list through Resource and Suspense" "router: also routed by leptos_router" \
    "islands: islands mode, one island"; do
    feature=${variant%%:*}
    if other=$(floor_wasm "$feature" "$feature"); then
      read -r other_raw other_br <<<"$other"
      printf '  %-44s %10s %10s\n' "minimal app,${variant#*:}" "$other_raw" "$other_br" | tee -a "$WORK/first-load.txt"
    else
      log "the minimal app with $feature did not build"
    fi
  done
  printf '  %-44s %10s %10s\n' "the site: the bundle every page loads" "$site_raw" "$site_br" | tee -a "$WORK/first-load.txt"
  awk -v s="$site_br" -v f="$floor_br" \
    'BEGIN { printf "  the site / floor (brotli): %.2f; above the floor: %d bytes\n", s / f, s - f }' |
    tee -a "$WORK/first-load.txt"
else
  log "the minimal app did not build"
fi

export_section

section "Summary"
printf '  GitHub %s\n' "$(grep '^cold load' "$WORK/github.txt")"
printf '  user page / static file throughput: %s\n' "$USER_RATIO"
printf '  docs page / static file throughput: %s (target ≥ 0.8: %s)\n' "$DOCS_RATIO" "$verdict"
grep '^growth' "$WORK/startup.txt" | sed 's/^/  /'
grep 'uncompressed' "$WORK/startup.txt" | sed 's/^ */  /'
printf '  bundle: %s\n' "$BUNDLE_RATIO"
printf '  hostile flood: docs page keeps %s of its throughput (target ≥ 0.8: %s); RSS %s -> %s MiB\n' "$FLOOD_RATIO" \
  "$flood_verdict" "$RSS_BEFORE" "$RSS_AFTER"
grep -E '^  (panics|right status|slowest)|^soak memory' "$WORK/soak.txt" | sed 's/^ */  soak: /'
awk '/^[a-z0-9-]+ \(/ { label = $1 } /edit  |memory/ { sub(/^ +/, ""); printf "  live content, %s: %s\n", label, $0 }
  /^  live content:/ { sub(/^ +/, ""); printf "  %s\n", $0 }' "$WORK/live.txt"
if [ -s "$WORK/lighthouse.txt" ]; then sed 's/^/  lighthouse: /' "$WORK/lighthouse.txt"; fi
sed 's/^ */  cluster: /' "$WORK/cluster.txt"
if [ -s "$WORK/first-load.txt" ]; then sed 's/^/  first load: /' "$WORK/first-load.txt"; fi
sed 's/^ */  export: /' "$WORK/export.txt"
