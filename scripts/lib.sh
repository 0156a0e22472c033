# Shared by examples/demo.sh and the bench scripts (source it; it sets nothing up by itself).
#   cq_init NAME BUILD   root, build (absolute), a fresh $work folder removed on exit with every
#                        process started through cq_start
#   wait_for SECONDS CMD...              polls until CMD succeeds
#   start_fixture_server ROOT            serves draft folders like get_draft; sets draft_port
#   start_cutqueue DATA [ARGS...]        cutqueue serve on a free port, healthy; sets port, api,
#                                        cutqueue_pid, and the log is $work/cutqueue.log
# A start that fails prints the tail of that process's log before the script exits: the work
# folder, and the log with it, is removed on exit.

cq_init() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  build="$(cd "$root" && cd "$2" && pwd)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/cutqueue-$1.XXXXXX")"
  pids=()
  trap cq_cleanup EXIT
}

cq_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# cq_failed WHAT LOG: explains a start that did not come up.
cq_failed() {
  echo "$1 did not start; the end of its log ($2):" >&2
  tail -20 "$2" >&2 || true
  exit 1
}

start_fixture_server() {
  "$build/tests/fixture_server" --port 0 --root "$1" >"$work/fixture.out" 2>&1 &
  pids+=($!)
  wait_for 10 grep -q LISTENING "$work/fixture.out" || cq_failed "the draft server" "$work/fixture.out"
  draft_port=$(awk '/LISTENING/ {print $2; exit}' "$work/fixture.out")
}

start_cutqueue() {
  local data="$1"
  shift
  "$build/cutqueue" serve --port 0 --data-dir "$data" "$@" 2>"$work/cutqueue.log" &
  cutqueue_pid=$!
  pids+=($cutqueue_pid)
  wait_for 20 grep -q "listening on" "$work/cutqueue.log" || cq_failed cutqueue "$work/cutqueue.log"
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\) .*/\1/p' "$work/cutqueue.log" | head -1)
  api="http://127.0.0.1:$port/openapi/capcut-mate/v1"
  wait_for 30 curl -sf "http://127.0.0.1:$port/healthz" || cq_failed cutqueue "$work/cutqueue.log"
}
