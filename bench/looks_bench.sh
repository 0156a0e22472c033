#!/usr/bin/env bash
# Render cost of built-in looks (issue 12): 1920x1080, 20 s drafts with two filters and a scene
# effect (bench/make_looks_draft.py: `looks` with the fixture's resources, `heavy` with the
# costliest families) against their plain twin, BENCH_RUNS times each, alternating, medians of
# wall and CPU time (user + sys of render_draft and its FFmpeg). Target: <= 1.5x.
# Usage: bench/looks_bench.sh <build-dir>   (env: BENCH_RUNS=3, BENCH_PRESET=veryfast)
set -euo pipefail
build="${1:-build}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$root" && cd "$build" && pwd)"
runs="${BENCH_RUNS:-3}"
preset="${BENCH_PRESET:-veryfast}"
[ -x "$build/render_draft" ] || { echo "missing $build/render_draft" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/cutqueue-looks-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
TIMEFORMAT='%R %U+%S'
median() { awk -F+ '{s = 0; for (i = 1; i <= NF; i++) s += $i; print s}' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

python3 "$root/bench/make_looks_draft.py" "$work/drafts" >/dev/null
echo "== machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/looks.t"
: >"$work/heavy.t"
: >"$work/plain.t"
for ((r = 0; r < runs; r++)); do
  for d in looks heavy plain; do
    { time "$build/render_draft" "$work/drafts/$d" "$work/$d.mp4" --preset "$preset" \
      >/dev/null 2>"$work/$d.log"; } 2>>"$work/$d.t" || { cat "$work/$d.log" >&2; exit 1; }
  done
done
for d in looks heavy plain; do
  echo "$d wall $(cut -d' ' -f1 "$work/$d.t" | median) s, cpu $(cut -d' ' -f2 "$work/$d.t" | median) s"
done
for d in looks heavy; do
  awk -v d="$d" -v a="$(cut -d' ' -f2 "$work/$d.t" | median)" \
    -v b="$(cut -d' ' -f2 "$work/plain.t" | median)" \
    'BEGIN {printf "%s / plain CPU: %.2fx (target <= 1.5x)\n", d, a / b}'
done
