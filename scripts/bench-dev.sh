#!/usr/bin/env bash
# The development loop, measured (`scripts/bench.sh dev` runs this): `cargo leptos watch` in a
# temporary copy of the project, then scripted edits to a component's `view!` (the footer), the
# stylesheet and a Markdown page, each timed from the save to the new text being served by the
# development server (the page's HTML, the stylesheet it links, the docs page). A component change
# reaches an open tab at that moment: cargo-leptos tells the page to reload once the new server
# listens, and the wasm is built before the server restarts. Prints every run, the median and the
# worst. A benchmark, not a test: nothing fails on a slow figure.
#   LEPTRA_BENCH_DEV_RUNS     edits of each kind (default 5)
#   LEPTRA_BENCH_DEV_TARGET   the copy's target folder (default $CARGO_TARGET_DIR/bench-dev)
# The copy is always at the same path (so its crates are fingerprinted alike from run to run) and
# is removed at the end. It builds in its own target folder so that the watch build (which
# compiles leptos with LEPTOS_WATCH set) never rebuilds the tests' crates; the first run builds
# every dependency there (as long as a first `cargo leptos watch`), later runs only the project.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { printf '\033[1m[bench dev]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

RUNS=${LEPTRA_BENCH_DEV_RUNS:-5}
COPY="${TMPDIR:-/tmp}/leptra-bench-dev"
export CARGO_TARGET_DIR="${LEPTRA_BENCH_DEV_TARGET:-$CARGO_TARGET_DIR/bench-dev}"
scripts/setup.sh >&2
command -v curl >/dev/null 2>&1 || die "curl is needed"

WATCH_PID=""
cleanup() {
  if [ -n "$WATCH_PID" ]; then
    # cargo-leptos and the server it runs are one process group (setsid below).
    kill -TERM -- "-$WATCH_PID" 2>/dev/null || true
    wait "$WATCH_PID" 2>/dev/null || true
  fi
  rm -rf "$COPY"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The project as it is on disk (committed or not), without build output.
rm -rf "$COPY"
mkdir -p "$COPY"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$COPY"
cd "$COPY"

PORT=$(free_port)
RELOAD_PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
log "cargo leptos watch in $COPY (target folder $CARGO_TARGET_DIR), serving $BASE"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
STARTED=$(now)
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_RELOAD_PORT="$RELOAD_PORT" RUST_LOG=warn \
  setsid cargo leptos watch >"$COPY/watch.log" 2>&1 &
WATCH_PID=$!

# Waits (up to $2 seconds) until `$1` succeeds; prints the seconds since $3.
wait_for() {
  local check=$1 limit=$2 since=$3 deadline
  deadline=$(awk -v t="$(now)" -v l="$limit" 'BEGIN { printf "%.0f", t + l }')
  until eval "$check"; do
    kill -0 "$WATCH_PID" 2>/dev/null || { tail -n 30 "$COPY/watch.log" >&2; die "cargo leptos watch exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$COPY/watch.log" >&2; die "timed out: $check"; }
    sleep 0.05
  done
  elapsed "$since" "$(now)"
}

page_has() { curl -fsS "$BASE$1" 2>/dev/null | grep -q -- "$2"; }
# The stylesheet the page links (its name carries the hash of its contents).
css_has() {
  local href
  href=$(curl -fsS "$BASE/docs" 2>/dev/null | grep -o 'href="/pkg/[^"]*\.css"' | head -n 1 | cut -d'"' -f2) || return 1
  [ -n "$href" ] && curl -fsS "$BASE$href" 2>/dev/null | grep -q -- "$1"
}

FIRST=$(wait_for "page_has /docs '<footer'" 3600 "$STARTED")
log "first page served after ${FIRST} s"

# The markers are unique per run of this script, so no earlier state can match.
TAG="b$$"
COMPONENT=app/src/components/footer.rs
ORIGINAL_FOOTER='<footer class="footer">'
grep -qF "$ORIGINAL_FOOTER" "$COMPONENT" || die "$COMPONENT has no $ORIGINAL_FOOTER to edit"
declare -a T_COMPONENT=() T_STYLE=() T_MARKDOWN=()
for run in $(seq 1 "$RUNS"); do
  marker="$TAG-$run"
  # A component: a static attribute in the footer's `view!` (Rust: wasm and server rebuild).
  sed -i "s|<footer class=\"footer\"[^>]*>|<footer class=\"footer\" data-bench=\"$marker\">|" "$COMPONENT"
  t=$(wait_for "page_has /docs 'data-bench=\"$marker\"'" 600 "$(now)")
  T_COMPONENT+=("$t")
  # The stylesheet: cargo-leptos bundles it again; the page links the new file.
  printf '\n.bench-%s { outline: 0 }\n' "$marker" >>style/main.css
  t=$(wait_for "css_has 'bench-$marker'" 120 "$(now)")
  T_STYLE+=("$t")
  # A Markdown page: the server reloads it (no build).
  printf '\nbench-md-%s\n' "$marker" >>content/en/index.md
  t=$(wait_for "page_has /docs 'bench-md-$marker'" 120 "$(now)")
  T_MARKDOWN+=("$t")
  log "run $run/$RUNS: component ${T_COMPONENT[-1]} s, stylesheet ${T_STYLE[-1]} s, Markdown ${T_MARKDOWN[-1]} s (load $(cut -d' ' -f1 /proc/loadavg))"
done

summary() {
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '
    { v[NR] = $1 }
    END {
      median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-34s median %6.2f s   worst %6.2f s   (%d runs)\n", name, median, v[NR], NR
    }'
}
printf '\n==== development loop: save to served (cargo leptos watch) ====\n\n'
printf 'first page served after starting:   %s s (dependencies as built in %s)\n' "$FIRST" "$CARGO_TARGET_DIR"
summary "component (a view!'s markup):" "${T_COMPONENT[@]}"
summary "stylesheet (style/main.css):" "${T_STYLE[@]}"
summary "Markdown (content/en/index.md):" "${T_MARKDOWN[@]}"
printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
