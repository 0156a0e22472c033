#!/usr/bin/env bash
# Render speed of cutqueue beside a hand-written FFmpeg command for the same timeline, in the
# same run (issue 3 "Measure"):
#   - cutqueue: build/render_draft renders the fixture draft folder with cutqueue's renderer
#     (material probing, graph building and FFmpeg: the whole render phase of an export);
#   - cutqueue's FFmpeg command alone (the same argv, run again without probing): tells the
#     cost of the filter graph apart from the cost of probing the materials;
#   - by hand: the cut list of the draft's one video track as a person would write it, one
#     input per segment (-t), trim + concat of picture and sound, same size, frame rate, codec,
#     preset and audio settings.
# Each pair runs BENCH_RUNS times (order alternating); medians are reported, with the ratio
# (target <= 1.15) and the speed in x real time (long_draft target >= 8x with veryfast).
#
# Usage: bench/render_bench.sh <build-dir>   (env: FIXTURES, BENCH_RUNS=3, BENCH_PRESET=veryfast,
#        BENCH_DRAFTS="basic_video long_draft")
set -euo pipefail
build="${1:-build}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$root" && cd "$build" && pwd)"
fixtures="${FIXTURES:-$root/../shared/fixtures}"
runs="${BENCH_RUNS:-3}"
preset="${BENCH_PRESET:-veryfast}"
drafts="${BENCH_DRAFTS:-basic_video long_draft}"
[ -x "$build/render_draft" ] || { echo "missing $build/render_draft (cmake --build $build --target render_draft)" >&2; exit 1; }
[ -d "$fixtures" ] || { echo "fixtures not found: $fixtures" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/cutqueue-render-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The hand-written command for a draft whose picture is one video track of full-frame clips:
# printed one argument per line.
hand_command() {
  python3 - "$1" "$2" "$preset" <<'PY'
import json, sys
folder, out, preset = sys.argv[1:4]
d = json.load(open(folder + "/draft_content.json"))
videos = {m["id"]: m for m in d["materials"]["videos"]}
segs = [s for t in d["tracks"] if t["type"] == "video" for s in t["segments"]]
segs.sort(key=lambda s: s["target_timerange"]["start"])
fps = d.get("fps", 30)
args = ["ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
chains, pads = [], ""
for i, s in enumerate(segs):
    path = videos[s["material_id"]]["path"]
    local = folder + "/" + path.split("/", 5)[5]  # /app/output/draft/<id>/<rel>
    src = s["source_timerange"]
    args += ["-ss", "%.6f" % (src["start"] / 1e6), "-t", "%.6f" % (src["duration"] / 1e6), "-i", local]
    pads += "[%d:v][%d:a]" % (i, i)
graph = pads + "concat=n=%d:v=1:a=1[v][a]" % len(segs)
args += ["-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
         "-preset", preset, "-pix_fmt", "yuv420p", "-r", str(fps), "-c:a", "aac", "-b:a", "128k",
         "-ar", "48000", "-ac", "2", "-movflags", "+faststart", "-f", "mp4", out]
print("\n".join(args))
PY
}

now() { date +%s.%N; }
# Median of numbers (one per line; "a+b" is summed first).
median() { awk -F+ '{s = 0; for (i = 1; i <= NF; i++) s += $i; print s}' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
duration_of() {
  ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)," \
  "ffmpeg $(ffmpeg -version | awk 'NR==1 {print $3}')"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== preset $preset, $runs runs each, medians"
TIMEFORMAT='%R %U+%S'
printf '%-12s %7s | %-28s | %-28s | %-17s | %s\n' draft video \
  "wall s: cutqueue/command/hand" "cpu s: cutqueue/command/hand" "ratio wall (cmd)" \
  "x real time (ratio cpu, cmd)"
for name in $drafts; do
  folder="$fixtures/$name"
  mapfile -t hand < <(hand_command "$folder" "$work/$name.hand.mp4")
  : >"$work/cq.times"
  : >"$work/hand.times"
  : >"$work/cmd.times"
  : >"$work/phase.times"
  # cutqueue's own command for this draft, as it logged it (fixture paths have no spaces).
  rm -rf "$work/$name.work" && mkdir -p "$work/$name.work"
  "$build/render_draft" "$folder" "$work/$name.cq.mp4" --preset "$preset" \
    --work-dir "$work/$name.work" >/dev/null 2>"$work/$name.log"
  read -r -a cmd <<<"$(sed -n 's/.* render: \(ffmpeg .*\)$/\1/p' "$work/$name.log" | tail -1)"
  cmd[-1]="$work/$name.cmd.mp4"
  for ((r = 0; r < runs; r++)); do
    for side in $( ((r % 2)) && echo "hand cq" || echo "cq hand"); do
      # bash's `time`: wall, and CPU of the command and every child it waited for (FFmpeg).
      if [ "$side" = cq ]; then
        { time "$build/render_draft" "$folder" "$work/$name.cq.mp4" --preset "$preset" \
          --keep-graph "$work/$name.graph" >"$work/cq.out" 2>"$work/cq.log"; } 2>>"$work/cq.times"
        awk '/^render_seconds/ {print $2}' "$work/cq.out" >>"$work/phase.times"
        { time "${cmd[@]}" >/dev/null 2>"$work/cmd.log"; } 2>>"$work/cmd.times"
      else
        { time "${hand[@]}" 2>"$work/hand.log"; } 2>>"$work/hand.times"
      fi
    done
  done
  cq=$(cut -d' ' -f1 "$work/cq.times" | median)
  hd=$(cut -d' ' -f1 "$work/hand.times" | median)
  cq_cpu=$(cut -d' ' -f2 "$work/cq.times" | median)
  hd_cpu=$(cut -d' ' -f2 "$work/hand.times" | median)
  cmd_wall=$(cut -d' ' -f1 "$work/cmd.times" | median)
  cmd_cpu=$(cut -d' ' -f2 "$work/cmd.times" | median)
  video=$(duration_of "$work/$name.cq.mp4")
  hand_video=$(duration_of "$work/$name.hand.mp4")
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
  printf '%-12s %6.2fs | %8.2f / %7.2f / %-7.2f | %8.2f / %7.2f / %-7.2f | %-17s | %s\n' \
    "$name" "$video" "$cq" "$cmd_wall" "$hd" "$cq_cpu" "$cmd_cpu" "$hd_cpu" \
    "$(ratio "$cq" "$hd") ($(ratio "$cmd_wall" "$hd"))" \
    "$(ratio "$video" "$cq")x ($(ratio "$cq_cpu" "$hd_cpu"), $(ratio "$cmd_cpu" "$hd_cpu"))"
  phase=$(median <"$work/phase.times")
  echo "   render phase inside the process (what an export pays; no process start-up):" \
    "${phase} s, ratio $(ratio "$phase" "$hd")"
  echo "   runs (wall user+sys) cutqueue: $(tr '\n' ',' <"$work/cq.times")" \
    "command: $(tr '\n' ',' <"$work/cmd.times")" \
    "by hand: $(tr '\n' ',' <"$work/hand.times") hand-made video ${hand_video}s"
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP"
    cp -r "$work/$name".* "$BENCH_KEEP"/
  fi
done
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
