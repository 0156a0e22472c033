#!/usr/bin/env bash
# Long exports in chunks (issue 14 "Measure"), no HTTP: the fixture scale_2min (1920x1080, two
# minutes of photos, clips, captions and two audio tracks) tiled to longer drafts
# (bench/tile_draft.py) and rendered by build/render_draft, recording per run the wall time, the
# real-time factor (draft seconds per wall second), the peak RSS of the largest FFmpeg process
# (every FFmpeg runs under bench/ffmpeg_rss.sh) and of the renderer itself.
#   (an empty value skips that part)
#   LONG_FULL     minutes rendered in full, in chunks, on 1 and on 2 slots (default "2 10")
#   LONG_WHOLE    minutes also rendered unchunked, in one FFmpeg (default "2")
#   LONG_SAMPLED  minutes of which only the first, middle and last chunk (picture and sound) render:
#                 memory of drafts too long to render here in full (default "30 60")
#   LONG_CHUNK    chunk seconds (default 30); every FFmpeg gets --threads LONG_THREADS (1)
#   LONG_SLOTS    slot counts each LONG_FULL draft renders with (default "1 2")
# Usage: bench/long_bench.sh <build-dir>
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init long-bench "${1:-build}"
full="${LONG_FULL-2 10}"
whole="${LONG_WHOLE-2}"
sampled="${LONG_SAMPLED-30 60}"
chunk="${LONG_CHUNK:-30}"
threads="${LONG_THREADS:-1}"
fixture="$root/../shared/fixtures/scale_2min"
[ -d "$fixture" ] || { echo "needs $fixture" >&2; exit 1; }

printf '%-8s %-26s %8s %8s %14s %14s\n' minutes mode wall_s x_real ffmpeg_peak_MiB renderer_MiB
# run MINUTES MODE ARGS...
run() {
  local minutes="$1" mode="$2"
  shift 2
  local draft="$work/draft$minutes"
  [ -d "$draft" ] || python3 "$root/bench/tile_draft.py" "$fixture" $((minutes / 2)) "$draft"
  export FFMPEG_RSS_LOG="$work/rss.log"
  : >"$FFMPEG_RSS_LOG"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/self.rss" "$build/render_draft" "$draft" "$work/out.mp4" \
    --ffmpeg "$root/bench/ffmpeg_rss.sh" --threads "$threads" "$@" >"$work/render.out" \
    2>"$work/render.err" || { tail -5 "$work/render.err"; return 1; }
  t1=$(date +%s.%N)
  local peak self
  peak=$(awk '$1 > m {m = $1} END {print m / 1024}' "$FFMPEG_RSS_LOG")
  self=$(awk '{print $1 / 1024}' "$work/self.rss")
  python3 - "$minutes" "$mode" "$t0" "$t1" "$peak" "$self" <<'PY'
import sys
m, mode, t0, t1, peak, own = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
wall = t1 - t0
print("%-8s %-26s %8.1f %8.2f %14.0f %14.0f" % (m, mode, wall, int(m) * 60 / wall, peak, own))
PY
  rm -f "$work/out.mp4"
}

for m in $whole; do run "$m" "whole"; done
slots="${LONG_SLOTS:-1 2}"
for m in $full; do
  for n in $slots; do
    run "$m" "chunks ${chunk}s, $n slot(s)" --chunk-seconds "$chunk" --slots "$n"
  done
done
for m in $sampled; do
  n=$((m * 60 / chunk))
  units="$(printf 'a%04d,a%04d,a%04d,v%04d,v%04d,v%04d' 0 $((n / 2)) $((n - 1)) 0 $((n / 2)) $((n - 1)))"
  run "$m" "3 of $n chunks, both kinds" --chunk-seconds "$chunk" --only-chunks "$units"
done
