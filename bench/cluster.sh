#!/usr/bin/env bash
# Worker nodes (issue 11 "Measure"), all processes on this machine over loopback:
#   1. exports per minute of a render-bound draft (bench/make_feature_draft.py's `plain`:
#      1080x1920, 6 clips) with 1 and then 2 workers in the same run, each worker one slot with
#      --render-threads 1 so that two workers on two cores can show the scaling;
#   2. the time from a worker's death to its task running on the other worker: kill -9, and a
#      SIGSTOP found by the BASP heartbeat (the defaults: 2 s interval, 10 s timeout).
# Usage: bench/cluster.sh <build-dir>   (env: BENCH_TASKS=6, BENCH_CLIP_SECONDS=1, BENCH_ROUNDS=3,
#        BENCH_FAILOVER_ONLY=1 skips part 1)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init cluster-bench "${1:-build}"
tasks="${BENCH_TASKS:-6}"
clip_s="${BENCH_CLIP_SECONDS:-1}"
rounds="${BENCH_ROUNDS:-3}"
export CUTQUEUE_CLUSTER_SECRET="bench-cluster-secret-0123456789"

echo "==> drafts (make_feature_draft.py, ${clip_s} s per clip)"
python3 "$root/bench/make_feature_draft.py" "$work/drafts" --seconds-per-clip "$clip_s" >/dev/null
cp "$work/drafts/benchplain/draft_content.json" "$work/drafts/benchplain/draft_info.json"
rm -rf "$work/drafts/media"
start_fixture_server "$work/drafts"
draft="http://127.0.0.1:$draft_port/openapi/capcut-mate/v1/get_draft?draft_id=benchplain"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# coordinator NAME [ARGS...]: sets api, cluster
coordinator() {
  local name="$1"
  shift
  cluster=$(free_port)
  start_cutqueue "$work/$name" --local-slots 0 --cluster-port "$cluster" "$@"
  cp "$work/cutqueue.log" "$work/$name.log" 2>/dev/null || true
}
# worker NAME [ARGS...]: sets worker_pid; log in $work/NAME.log
worker() {
  local name="$1"
  shift
  "$build/cutqueue" worker --join "127.0.0.1:$cluster" --name "$name" --slots 1 \
    --render-threads 1 --data-dir "$work/$name" "$@" 2>"$work/$name.log" &
  worker_pid=$!
  pids+=($worker_pid)
}
nodes() { curl -s "http://127.0.0.1:$port/healthz" | grep -o '"name":"[^"]*"' | grep -vc '"local"' || true; }
has_nodes() { test "$(nodes)" -eq "$1"; }
status_of() {
  curl -s -X POST "$api/gen_video_status" -H 'Content-Type: application/json' \
    -d "{\"draft_url\": \"$1\"}" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}
submit() {
  curl -s -o /dev/null -X POST "$api/gen_video" -H 'Content-Type: application/json' \
    -d "{\"draft_url\": \"$1\"}"
}
# Waits for every task to end, then checks that each completed. This harness shares the two
# cores with the workers: polling each task's status ten times a second with curl and sed took
# ~8 % of a core and cut the two-worker rate by ~10 %, so one Python process asks the active count
# five times a second instead (~0.1 s of CPU a minute).
all_done() {
  local limit="$1"
  shift
  python3 - "$api/gen_video_active_count" "$limit" <<'PY' || return 1
import json, sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while json.load(urllib.request.urlopen(url, timeout=10))["count"] != 0:
    if time.monotonic() > deadline:
        sys.exit(1)
    time.sleep(0.2)
PY
  for u in "$@"; do
    case "$(status_of "$u")" in completed) ;; *) echo "task not completed: $u" >&2; exit 1 ;; esac
  done
}
stop_all() { # all but the fixture server (pids[0])
  for p in "${pids[@]:1}"; do
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  pids=("${pids[0]}")
}

# CPU seconds a process used itself, and what its waited-for children (FFmpeg, ffprobe) used.
tick=$(getconf CLK_TCK)
cpu_of() { awk -v t="$tick" '{ sub(/^.*\) /, ""); print ($12 + $13) / t, ($14 + $15) / t }' "/proc/$1/stat"; }

throughput() {
  local n_workers="$1" run="$2"
  coordinator "coord$run"
  for i in $(seq 1 "$n_workers"); do worker "w$run-$i"; done
  wait_for 30 has_nodes "$n_workers" || { echo "workers did not join" >&2; exit 1; }
  local urls=() t0 t1
  for i in $(seq 1 "$tasks"); do urls+=("$draft&run=$run&n=$i"); done
  local fixture0 fixture1 harness0 harness1
  fixture0=$(cpu_of "${pids[0]}" | cut -d' ' -f1)
  harness0=$(cpu_of $$ | awk '{ print $1 + $2 }')
  t0=$(now)
  for u in "${urls[@]}"; do submit "$u"; done
  all_done 1800 "${urls[@]}" || { echo "tasks did not finish" >&2; exit 1; }
  t1=$(now)
  # Where the CPU went: rendering (the workers' children) or around it.
  fixture1=$(cpu_of "${pids[0]}" | cut -d' ' -f1)
  harness1=$(cpu_of $$ | awk '{ print $1 + $2 }') # this script and its curls, before stop_all waits
  local coord_cpu worker_own=0 worker_children=0 p own children
  coord_cpu=$(cpu_of "$cutqueue_pid" | cut -d' ' -f1)
  for p in "${pids[@]:2}"; do
    read -r own children < <(cpu_of "$p")
    worker_own=$(awk -v a="$worker_own" -v b="$own" 'BEGIN { print a + b }')
    worker_children=$(awk -v a="$worker_children" -v b="$children" 'BEGIN { print a + b }')
  done
  awk -v c="$coord_cpu" -v f0="$fixture0" -v f1="$fixture1" -v o="$worker_own" \
    -v ch="$worker_children" -v a="$t0" -v b="$t1" -v h0="$harness0" -v h1="$harness1" \
    'BEGIN { printf "    CPU s: FFmpeg/ffprobe %.1f, workers themselves %.1f, coordinator %.1f, fixture server %.1f, this script %.1f (of %.1f core-seconds)\n", ch, o, c, f1 - f0, h1 - h0, 2 * (b - a) }'

  awk -v n="$tasks" -v a="$t0" -v b="$t1" -v w="$n_workers" \
    'BEGIN { printf "    %d worker(s): %d exports in %.1f s = %.2f exports/min\n", w, n, b - a, 60 * n / (b - a) }'
  awk -v n="$tasks" -v a="$t0" -v b="$t1" 'BEGIN { print 60 * n / (b - a) }' >"$work/rate$n_workers"
  stop_all
}

if [ -z "${BENCH_FAILOVER_ONLY:-}" ]; then
  # This VM's per-core speed drifts by up to ~20 % over minutes; alternating 1- and 2-worker
  # passes over several rounds shows how much of a single round's figure is drift.
  for r in $(seq 1 "$rounds"); do
    echo "==> throughput, round $r of $rounds: $tasks exports, one slot per worker, --render-threads 1"
    throughput 1 "a$r"
    throughput 2 "b$r"
    awk -v a="$(cat "$work/rate1")" -v b="$(cat "$work/rate2")" 'BEGIN { printf "%.2f\n", b / a }' |
      tee -a "$work/scalings" | sed 's/.*/    scaling: &x/'
  done
  [ "$rounds" -eq 1 ] || sort -n "$work/scalings" | awk '{ v[NR] = $1 }
    END { printf "    scaling over %d rounds: median %sx, range %sx-%sx\n", NR, v[int((NR + 1) / 2)], v[1], v[NR] }'
fi

# failover SIGNAL: a task starts on one of two workers, which then gets SIGNAL; prints the time
# until the task's export starts on the other one.
failover() {
  local sig="$1" run="$2"
  coordinator "coord$run"
  worker "x$run"
  local x=$worker_pid
  wait_for 30 has_nodes 1 || exit 1
  local u="$draft&run=$run"
  submit "$u"
  wait_for 60 grep -q "export started" "$work/x$run.log" || { echo "no start" >&2; exit 1; }
  worker "y$run"
  wait_for 30 has_nodes 2 || exit 1
  local t0 t1
  t0=$(now)
  kill "-$sig" "$x"
  wait_for 60 grep -q "export started" "$work/y$run.log" || { echo "no re-dispatch" >&2; exit 1; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" -v s="$sig" 'BEGIN { printf "    SIG%s: task running on the other worker after %.2f s\n", s, b - a }'
  kill -CONT "$x" 2>/dev/null || true
  stop_all
}

echo "==> failover (heartbeat 2 s, timeout 10 s)"
failover KILL c
failover STOP d
