#!/usr/bin/env bash
# `make bench`: HTTP throughput of cutqueue beside nginx on the same machine, in the same run.
#   1. gen_video_status with wrk (64 connections, loopback, 10,000 stored tasks, wrk's default
#      headers) and nginx serving a static JSON file of the same size;
#   2. durable gen_video accepts per second (every request creates and fsyncs a new task).
# Results go to stdout; bench/README.md records them with the machine they came from.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init bench "${1:-build}"
duration="${BENCH_DURATION:-10s}"
tasks="${BENCH_TASKS:-10000}"
export BENCH_TASKS="$tasks"

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  return 1
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
echo "== seeding $tasks finished tasks"
"$build/seed_store" "$work/data" "$tasks"

start_cutqueue "$work/data" --max-queued 100000000

# nginx serves a file as large as one status answer.
sample=$(curl -s -X POST "http://127.0.0.1:$port/openapi/capcut-mate/v1/gen_video_status" \
  -H 'Content-Type: application/json' \
  -d "{\"draft_url\":\"http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=bench1\"}")
mkdir -p "$work/nginx/www" "$work/nginx/logs"
printf '%s' "$sample" >"$work/nginx/www/status.json"
# nginx workers run as an unprivileged user: mktemp's folder is private by default.
chmod 755 "$work"
chmod -R a+rX "$work/nginx"
ngport=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
error_log $work/nginx/logs/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$ngport;
    root $work/nginx/www;
    location / { default_type application/json; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_for 10 curl -sf "http://127.0.0.1:$ngport/status.json"

echo
echo "== gen_video_status, $tasks stored tasks, body $(printf '%s' "$sample" | wc -c) bytes"
wrk -t2 -c64 -d"$duration" --latency -s "$root/bench/status.lua" "http://127.0.0.1:$port" \
  | tee "$work/status.txt"
echo
echo "== nginx, static file of the same size"
wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$ngport/status.json" | tee "$work/nginx.txt"
echo
echo "== gen_video durable accepts (new task per request)"
wrk -t2 -c64 -d"$duration" --latency -s "$root/bench/submit.lua" "http://127.0.0.1:$port" \
  | tee "$work/submit.txt"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
echo
echo "== summary"
printf 'gen_video_status  %10s req/s  p99 %s\n' "$(rps "$work/status.txt")" "$(p99 "$work/status.txt")"
printf 'nginx static      %10s req/s  p99 %s\n' "$(rps "$work/nginx.txt")" "$(p99 "$work/nginx.txt")"
printf 'ratio status/nginx %s\n' "$(awk -v a="$(rps "$work/status.txt")" -v b="$(rps "$work/nginx.txt")" 'BEGIN {printf "%.2f", a / b}')"
printf 'gen_video accepts %10s req/s  p99 %s\n' "$(rps "$work/submit.txt")" "$(p99 "$work/submit.txt")"
grep -h "Non-2xx" "$work"/*.txt || echo "no non-2xx answers"
