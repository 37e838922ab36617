#!/usr/bin/env bash
# A real cluster on loopback: redis-server (the shared cache), 3 release replicas of the
# server, and nginx in front as load balancer and shared HTTP cache (standing in for a CDN,
# config in scripts/cluster/nginx.conf). Installs whatever is missing, builds in release
# mode, prints where everything listens, and stops everything it started on Ctrl+C.
#   scripts/cluster.sh                 GitHub itself (set GITHUB_TOKEN for a real budget)
#   scripts/cluster.sh --fake-github   the fake GitHub, with 50 ms per answer
#   scripts/cluster.sh restart         from another terminal: a rolling restart of the running
#                                      cluster's replicas (a deploy of what scripts/build.sh built
#                                      last), one at a time, each ready (/readyz) before the next
# Ports: CLUSTER_PORT (nginx, default 8080); Redis, the replicas and the fake take the
# next ones (8081 Redis, 8082-8084 replicas, 8085 fake). REPLICAS=N changes the count.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

FAKE=false
RESTART=false
case "${1:-}" in
  --fake-github) FAKE=true ;;
  restart) RESTART=true ;;
  "") ;;
  *) die "usage: scripts/cluster.sh [--fake-github | restart]" ;;
esac
PORT=${CLUSTER_PORT:-8080}
# What `restart` needs to know about the running cluster, written when it starts.
STATE="${TMPDIR:-/tmp}/leptra-cluster-$PORT.env"

# Whether the replica on port $1 answers /readyz with 200.
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r -t 5 _ status _ <&3 && [ "$status" = 200 ]
  ) 2>/dev/null
}

# Waits until the replica on port $1 ($2, process $3) is ready.
wait_ready() {
  local i
  for i in $(seq 1 3000); do
    ready "$1" && return 0
    kill -0 "$3" 2>/dev/null || die "$2 exited (logs in $WORK)"
    sleep 0.02
  done
  die "$2 did not become ready on port $1"
}

# Starts replica $1 on its port, in its own session (a Ctrl+C meant for `restart` does not
# reach it), appending to its log; its process id goes to $WORK/replica-$1.pid.
start_replica() {
  local port=$((PORT + 1 + $1))
  # nginx does not ask /readyz: it retries a refused request on another replica. The short
  # notice only shows the sequence; behind a balancer that polls, keep the default (5 s).
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
    LEPTRA_SITE_URL="$SITE_URL" GITHUB_API_URL="$GITHUB_URL" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    LEPTRA_DRAIN_NOTICE_MS="${LEPTRA_DRAIN_NOTICE_MS:-1000}" \
    setsid "$CARGO_TARGET_DIR/release/server" >>"$WORK/replica-$1.log" 2>&1 &
  echo $! >"$WORK/replica-$1.pid"
}

if $RESTART; then
  [ -f "$STATE" ] || die "no cluster runs on port $PORT (start one with scripts/cluster.sh)"
  source "$STATE"
  kill -0 "$CLUSTER_PID" 2>/dev/null || die "the cluster on port $PORT is gone (remove $STATE)"
  for n in $(seq 1 "$REPLICAS"); do
    port=$((PORT + 1 + n))
    old=$(cat "$WORK/replica-$n.pid")
    log "replica $n (port $port): SIGTERM; it stops answering /readyz, then finishes its requests"
    kill -TERM "$old" 2>/dev/null || true
    for i in $(seq 1 3000); do kill -0 "$old" 2>/dev/null || break; sleep 0.02; done
    kill -0 "$old" 2>/dev/null && die "replica $n (process $old) did not stop within a minute"
    start_replica "$n"
    wait_ready "$port" "replica $n" "$(cat "$WORK/replica-$n.pid")"
    log "replica $n (port $port): ready again"
  done
  log "rolling restart done"
  exit 0
fi

REPLICAS=${REPLICAS:-3}
REDIS_PORT=$((PORT + 1))
FAKE_PORT=$((PORT + 2 + REPLICAS))
if [ -f "$STATE" ] && (source "$STATE" && kill -0 "$CLUSTER_PID" 2>/dev/null); then
  die "a cluster already runs on port $PORT (CLUSTER_PORT chooses another)"
fi

scripts/setup.sh --cluster
log "building the release site"
scripts/build.sh >&2
$FAKE && cargo build --release -q -p testkit --bin fake-github

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leptra-cluster.XXXXXX")
PIDS=()
stop() {
  trap - EXIT INT TERM
  log "stopping"
  local pid replicas=()
  # The replicas' processes as they are now (a restart replaces them).
  for pid in "$WORK"/replica-*.pid; do [ -f "$pid" ] && replicas+=("$(cat "$pid")"); done
  for pid in "${replicas[@]}" "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${replicas[@]}"; do
    for i in $(seq 1 1500); do kill -0 "$pid" 2>/dev/null || break; sleep 0.02; done
  done
  rm -rf "$WORK" "$STATE"
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
SITE_URL=${LEPTRA_SITE_URL:-http://127.0.0.1:$PORT}

UPSTREAMS=""
for n in $(seq 1 "$REPLICAS"); do
  port=$((PORT + 1 + n))
  start_replica "$n"
  wait_ready "$port" "replica $n" "$(cat "$WORK/replica-$n.pid")"
  # max_fails=0: see proxy_next_upstream in nginx.conf.
  UPSTREAMS+="        server 127.0.0.1:$port max_fails=0;\\n"
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

printf 'CLUSTER_PID=%q\nWORK=%q\nREPLICAS=%q\nREDIS_PORT=%q\nGITHUB_URL=%q\nSITE_URL=%q\n' \
  "$$" "$WORK" "$REPLICAS" "$REDIS_PORT" "$GITHUB_URL" "$SITE_URL" >"$STATE"

cat >&2 <<INFO

  site (nginx: load balancer and HTTP cache)  http://127.0.0.1:$PORT   (X-Cache-Status says HIT or MISS)
  replicas                                    $(for n in $(seq 1 "$REPLICAS"); do printf 'http://127.0.0.1:%s ' $((PORT + 1 + n)); done)
  Redis (shared cache)                        redis://127.0.0.1:$REDIS_PORT
  GitHub                                      $GITHUB_URL
  logs                                        $WORK

scripts/cluster.sh restart (in another terminal) restarts the replicas one at a time.
Ctrl+C stops everything.
INFO
wait
