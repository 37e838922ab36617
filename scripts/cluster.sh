#!/usr/bin/env bash
# A real cluster on loopback: redis-server (the shared cache), 3 release replicas of the
# server, and nginx in front as load balancer and shared HTTP cache (standing in for a CDN,
# config in scripts/cluster/nginx.conf). Installs whatever is missing, builds in release
# mode, prints where everything listens, and stops everything it started on Ctrl+C.
#   scripts/cluster.sh                 GitHub itself (set GITHUB_TOKEN for a real budget)
#   scripts/cluster.sh --fake-github   the fake GitHub, with 50 ms per answer
# Ports: CLUSTER_PORT (nginx, default 8080); Redis, the replicas and the fake take the
# next ones (8081 Redis, 8082-8084 replicas, 8085 fake). REPLICAS=N changes the count.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

FAKE=false
case "${1:-}" in
  --fake-github) FAKE=true ;;
  "") ;;
  *) die "usage: scripts/cluster.sh [--fake-github]" ;;
esac
PORT=${CLUSTER_PORT:-8080}
REPLICAS=${REPLICAS:-3}
REDIS_PORT=$((PORT + 1))
FAKE_PORT=$((PORT + 2 + REPLICAS))

scripts/setup.sh --cluster
log "building the release site"
scripts/build.sh >&2
$FAKE && cargo build --release -q -p testkit --bin fake-github

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leptra-cluster.XXXXXX")
PIDS=()
stop() {
  trap - EXIT INT TERM
  log "stopping"
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() { # port, name, pid
  local i
  for i in $(seq 1 1500); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || die "$2 exited (logs in $WORK)"
    sleep 0.02
  done
  die "$2 did not listen on port $1"
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
wait_for "$REDIS_PORT" redis-server $!

GITHUB_URL=${GITHUB_API_URL:-https://api.github.com}
if $FAKE; then
  "$CARGO_TARGET_DIR/release/fake-github" --addr "127.0.0.1:$FAKE_PORT" --latency-ms 50 >"$WORK/fake.log" 2>&1 &
  PIDS+=($!)
  wait_for "$FAKE_PORT" fake-github $!
  GITHUB_URL="http://127.0.0.1:$FAKE_PORT"
fi

UPSTREAMS=""
for n in $(seq 1 "$REPLICAS"); do
  port=$((PORT + 1 + n))
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
    LEPTRA_SITE_URL="${LEPTRA_SITE_URL:-http://127.0.0.1:$PORT}" GITHUB_API_URL="$GITHUB_URL" \
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    "$CARGO_TARGET_DIR/release/server" >"$WORK/replica-$n.log" 2>&1 &
  PIDS+=($!)
  wait_for "$port" "replica $n" $!
  UPSTREAMS+="        server 127.0.0.1:$port;\\n"
done

# nginx started by root runs its workers as `nobody`, who must reach the cache folder.
chmod 755 "$WORK"
mkdir -p "$WORK/nginx/tmp"
awk -v dir="$WORK/nginx" -v port="$PORT" -v upstreams="${UPSTREAMS%\\n}" '
  { gsub(/@DIR@/, dir); gsub(/@PORT@/, port) }
  /@UPSTREAMS@/ { print upstreams; next }
  { print }' scripts/cluster/nginx.conf >"$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
PIDS+=($!)
wait_for "$PORT" nginx $!

cat >&2 <<INFO

  site (nginx: load balancer and HTTP cache)  http://127.0.0.1:$PORT   (X-Cache-Status says HIT or MISS)
  replicas                                    $(for n in $(seq 1 "$REPLICAS"); do printf 'http://127.0.0.1:%s ' $((PORT + 1 + n)); done)
  Redis (shared cache)                        redis://127.0.0.1:$REDIS_PORT
  GitHub                                      $GITHUB_URL
  logs                                        $WORK

Ctrl+C stops everything.
INFO
wait
