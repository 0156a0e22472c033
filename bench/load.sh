#!/usr/bin/env bash
# `make load`: gen_video_status under load while the service does real work.
#   wrk, 64 connections for LOAD_DURATION (default 60 s) on gen_video_status over 10,000 stored
#   tasks, while a submitter adds a new export of examples/demo_draft every LOAD_SUBMIT_EVERY
#   seconds (two exports run at once, FFmpeg included) and the service's RSS is sampled every
#   second. Prints p50/p99, errors and timeouts, exports finished, and RSS after warm-up vs end.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init load "${1:-build}"
duration="${LOAD_DURATION:-60}"
submit_every="${LOAD_SUBMIT_EVERY:-2}"
export BENCH_TASKS="${BENCH_TASKS:-10000}"
draft_id=20261128120000cafe0001

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
mkdir -p "$work/drafts/$draft_id"
cp "$root/examples/demo_draft/draft_content.json" "$work/drafts/$draft_id/"
"$root/examples/demo_draft/make_media.sh" "$work/drafts/$draft_id"
start_fixture_server "$work/drafts"

"$build/seed_store" "$work/data" "$BENCH_TASKS"
start_cutqueue "$work/data"
server=$cutqueue_pid

# RSS in KiB, one line per second: "<second> <rss>".
(
  s=0
  while kill -0 "$server" 2>/dev/null; do
    echo "$s $(awk '/VmRSS/ {print $2}' "/proc/$server/status")"
    s=$((s + 1))
    sleep 1
  done
) >"$work/rss.txt" &
pids+=($!)

# A new export every few seconds; a distinct query makes each a new task (and new downloads).
(
  n=0
  while true; do
    n=$((n + 1))
    url="http://127.0.0.1:$draft_port/openapi/capcut-mate/v1/get_draft?draft_id=$draft_id&run=$n"
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "$api/gen_video" \
      -H 'Content-Type: application/json' -d "{\"draft_url\":\"$url\"}"
    sleep "$submit_every"
  done
) >"$work/submits.txt" &
submitter=$!
pids+=($submitter)

echo "== wrk -t2 -c64 -d${duration}s on gen_video_status ($BENCH_TASKS stored tasks) during exports"
wrk -t2 -c64 -d"${duration}s" --timeout 2s --latency -s "$root/bench/status.lua" \
  "http://127.0.0.1:$port" | tee "$work/wrk.txt"
kill "$submitter" 2>/dev/null || true

submitted=$(grep -c '^200$' "$work/submits.txt" || true)
completed=$(grep -c -- '-> completed' "$work/cutqueue.log" || true)
failed=$(grep -c -- '-> failed' "$work/cutqueue.log" || true)
warm=$(awk -v s=10 '$1 == s {print $2}' "$work/rss.txt")
peak=$(awk 'NR > 10 && $2 > m {m = $2} END {print m}' "$work/rss.txt")
last=$(tail -1 "$work/rss.txt" | awk '{print $2}')
echo
echo "== summary"
awk '$1 == "50%" {print "status p50 " $2} $1 == "99%" {print "status p99 " $2}
     /Requests\/sec/ {print "status req/s " $2}' "$work/wrk.txt"
grep -h "Socket errors\|Non-2xx" "$work/wrk.txt" || echo "no socket errors, timeouts or non-2xx answers"
echo "exports: $submitted accepted, $completed completed, $failed failed during the run"
echo "RSS: ${warm} KiB at 10 s, peak ${peak} KiB after warm-up, ${last} KiB at the end"
