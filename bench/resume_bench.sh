#!/usr/bin/env bash
# Resume after a crash (issue 14 "Measure"): scale_2min tiled to RESUME_MINUTES (default 4)
# minutes, exported by the real service on one slot with --chunk-seconds RESUME_CHUNK (default
# 10): once without interruption, then again in a fresh data folder, killed with kill -9 once
# RESUME_KILL_AT (default 60) % of the uninterrupted export time has passed, restarted and timed
# to completion. Prints both times and the restarted part's share of the uninterrupted one.
# Usage: bench/resume_bench.sh <build-dir>
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init resume-bench "${1:-build}"
minutes="${RESUME_MINUTES:-4}"
chunk="${RESUME_CHUNK:-10}"
kill_at="${RESUME_KILL_AT:-60}"
fixture="$root/../shared/fixtures/scale_2min"
[ -d "$fixture" ] || { echo "needs $fixture" >&2; exit 1; }
python3 "$root/bench/tile_draft.py" "$fixture" $((minutes / 2)) "$work/drafts/long" >/dev/null
id=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"][0]; print(f.split("/output/draft/")[1].split("/")[0])' "$work/drafts/long/get_draft.json")
start_fixture_server "$work/drafts"
draft="http://127.0.0.1:$draft_port/openapi/capcut-mate/v1/get_draft?draft_id=$id"
args=(--max-concurrent-exports 1 --chunk-seconds "$chunk")
now() { date +%s.%N; }
status_of() {
  curl -s -X POST "$api/gen_video_status" -H 'Content-Type: application/json' \
    -d "{\"draft_url\": \"$draft\"}" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}
submit() {
  curl -s -o /dev/null -X POST "$api/gen_video" -H 'Content-Type: application/json' \
    -d "{\"draft_url\": \"$draft\"}"
}
wait_done() {
  until [ "$(status_of)" = completed ]; do
    [ "$(status_of)" != failed ] || { echo "export failed" >&2; tail -5 "$work/cutqueue.log"; exit 1; }
    sleep 0.2
  done
}

echo "==> ${minutes}-minute draft, ${chunk} s chunks, one slot: uninterrupted"
start_cutqueue "$work/a" "${args[@]}"
t0=$(now)
submit
wait_done
full=$(python3 -c "print($(now) - $t0)")
kill "$cutqueue_pid"
wait "$cutqueue_pid" 2>/dev/null || true
echo "uninterrupted: ${full} s"

echo "==> the same, killed at ${kill_at} % of that time, restarted"
start_cutqueue "$work/b" "${args[@]}"
submit
sleep "$(python3 -c "print($full * $kill_at / 100)")"
kill -9 "$cutqueue_pid"
wait "$cutqueue_pid" 2>/dev/null || true
kept=$(grep -c ") done on " "$work/cutqueue.log" || true)
t1=$(now)
start_cutqueue "$work/b" "${args[@]}"
wait_done
rest=$(python3 -c "print($(now) - $t1)")
reused=$(grep -c "kept from an earlier attempt" "$work/cutqueue.log" || true)
echo "chunks finished before the kill: $kept; kept by the restart: $reused"
python3 -c "print('restart to completed: %.1f s = %.0f %% of the uninterrupted %.1f s' % ($rest, 100 * $rest / $full, $full))"
