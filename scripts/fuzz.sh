#!/usr/bin/env bash
# Runs the libFuzzer targets built in BUILD (by `make fuzz`), each for SECONDS, one after the
# other (the machine's cores are shared). Usage: scripts/fuzz.sh BUILD SECONDS [TARGET...]
#
# Each target's corpus lives in BUILD/corpus/<target>: it starts from fuzz/corpus/<target> and
# the capcut-mate fixtures, and keeps what libFuzzer adds across runs. Findings (crash-*,
# leak-*, timeout-*, oom-*) land in BUILD/findings/<target>, the log in BUILD/logs/<target>.log.
set -euo pipefail

build=${1:?build dir}
seconds=${2:?seconds}
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request get_draft draft_content request_framer)
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=${CUTQUEUE_FIXTURES_DIR:-$root/../shared/fixtures}

# halt_on_error: the first report ends the run with its input saved; detect_leaks: a parser
# that leaks on hostile input is a finding too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

status=0
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  findings=$build/findings/$t
  mkdir -p "$corpus" "$findings" "$build/logs"
  cp -n "$root/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  if [ -d "$fixtures" ]; then
    # Fixture copies are named after their draft so that re-runs do not duplicate them.
    for f in "$fixtures"/*/draft_content.json "$fixtures"/*/get_draft.json \
      "$fixtures"/requests/*.json; do
      [ -f "$f" ] && cp -n "$f" "$corpus/fixture_$(basename "$(dirname "$f")")_$(basename "$f")"
    done
  else
    echo "fuzz: fixtures not found at $fixtures; seeding from fuzz/corpus only" >&2
  fi
  echo "fuzz: $t for ${seconds}s (corpus $corpus, log $build/logs/$t.log)"
  if ! "$build/fuzz/${t}_fuzzer" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=25 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
    >"$build/logs/$t.log" 2>&1; then
    echo "fuzz: $t FAILED, see $build/logs/$t.log and $findings/" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)|^#[0-9]+ +DONE' \
    "$build/logs/$t.log" || true
done
exit $status
