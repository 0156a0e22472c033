#!/usr/bin/env bash
# Render cost of the draft features (issue 9 "Tests and measures"), in one run:
#   1. every feature fixture of ../shared/fixtures rendered by build/render_draft: wall and CPU
#      time, x real time;
#   2. a vertical 1080x1920, 30 s draft that uses keyframes, a mask, transitions, animations and
#      captions (bench/make_feature_draft.py), against its twin without those features, and the
#      twin against a hand-written FFmpeg command for the same timeline.
# Targets: the feature draft costs at most 1.5x its twin; 1080x1920 renders at >= 1x real time
# on 2 cores; the twin (a plain draft) stays within 1.15x of the hand-written command.
#
# Usage: bench/feature_bench.sh <build-dir>   (env: FIXTURES, BENCH_RUNS=3, BENCH_PRESET=veryfast,
#        BENCH_FIXTURES="keyframes transitions ...", BENCH_KEEP=<dir> keeps the outputs)
set -euo pipefail
build="${1:-build}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$root" && cd "$build" && pwd)"
fixtures="${FIXTURES:-$root/../shared/fixtures}"
runs="${BENCH_RUNS:-3}"
preset="${BENCH_PRESET:-veryfast}"
names="${BENCH_FIXTURES:-keyframes transitions masks animations_text caption_params audio_mix effects_filters sticker}"
[ -x "$build/render_draft" ] || { echo "missing $build/render_draft" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/cutqueue-feature-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
TIMEFORMAT='%R %U+%S'
median() { awk -F+ '{s = 0; for (i = 1; i <= NF; i++) s += $i; print s}' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
duration_of() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# Runs a command `runs` times; appends "wall cpu" lines to $1.
timed() {
  local out="$1"
  shift
  for ((r = 0; r < runs; r++)); do
    { time "$@" >/dev/null 2>"$work/last.log"; } 2>>"$out" || { cat "$work/last.log" >&2; exit 1; }
  done
}
# Peak RSS in KiB of a command (the largest of the process and its children: FFmpeg).
peak_rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, ffmpeg $(ffmpeg -version | awk 'NR==1 {print $3}')"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== preset $preset, $runs runs each, medians"

echo
echo "-- feature fixtures"
printf '%-16s %7s | %8s | %8s | %s\n' draft video "wall s" "cpu s" "x real time"
for name in $names; do
  : >"$work/t"
  timed "$work/t" "$build/render_draft" "$fixtures/$name" "$work/$name.mp4" --preset "$preset"
  wall=$(cut -d' ' -f1 "$work/t" | median)
  cpu=$(cut -d' ' -f2 "$work/t" | median)
  video=$(duration_of "$work/$name.mp4")
  printf '%-16s %6.2fs | %8.2f | %8.2f | %s\n' "$name" "$video" "$wall" "$cpu" "$(ratio "$video" "$wall")x"
done

echo
echo "-- vertical 1080x1920, 30 s: features against their twin, the twin against a hand-written command"
python3 "$root/bench/make_feature_draft.py" "$work/drafts" >/dev/null
# The twin as a person would write it: the main clips concatenated (each fitted and padded),
# the picture-in-picture and the photo overlaid, the captions drawn, the sound mixed.
python3 - "$work/drafts/benchplain" "$work/hand.mp4" "$preset" >"$work/hand.args" <<'PY'
import json, sys
folder, out, preset = sys.argv[1:4]
d = json.load(open(folder + "/draft_content.json"))
W, H = d["canvas_config"]["width"], d["canvas_config"]["height"]
vids = {m["id"]: m for m in d["materials"]["videos"]}
auds = {m["id"]: m for m in d["materials"]["audios"]}
texts = {m["id"]: m for m in d["materials"]["texts"]}
local = lambda p: folder + "/" + p.split("/", 5)[5]
sec = lambda us: "%.6f" % (us / 1e6)
args = ["ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
graph, n = [], 0
def fit(m, scale):
    f = min(W / m["width"], H / m["height"]) * scale
    return round(m["width"] * f), round(m["height"] * f)
tracks = {t["name"]: t for t in d["tracks"]}
main = []
for s in tracks["main"]["segments"]:
    m = vids[s["material_id"]]
    args += ["-t", sec(s["source_timerange"]["duration"]), "-i", local(m["path"])]
    w, h = fit(m, 1)
    graph.append(f"[{n}:v]scale={w}:{h},pad={W}:{H}:(ow-iw)/2:(oh-ih)/2:black,setsar=1[m{n}]")
    main.append(n)
    n += 1
graph.append("".join(f"[m{i}][{i}:a]" for i in main) + f"concat=n={len(main)}:v=1:a=1[base][mainsound]")
cur = "[base]"
for name in ("pip", "photo"):
    s = tracks[name]["segments"][0]
    m = vids[s["material_id"]]
    start, dur = s["target_timerange"]["start"], s["target_timerange"]["duration"]
    if m["type"] == "photo":
        args += ["-loop", "1", "-framerate", "30", "-t", sec(dur), "-i", local(m["path"])]
    else:
        args += ["-t", sec(dur), "-i", local(m["path"])]
    c = s["clip"]
    w, h = fit(m, c["scale"]["x"])
    x = round(W / 2 + c["transform"]["x"] * W / 2 - w / 2)
    y = round(H / 2 - c["transform"]["y"] * H / 2 - h / 2)
    graph.append(f"[{n}:v]scale={w}:{h},setpts=PTS+{sec(start)}/TB[o{n}]")
    graph.append(f"{cur}[o{n}]overlay={x}:{y}:eof_action=pass[c{n}]")
    cur = f"[c{n}]"
    n += 1
font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
draws = []
for s in tracks["captions"]["segments"]:
    t = json.loads(texts[s["material_id"]]["content"])["text"].replace(":", "\\:").replace("'", "")
    st, en = s["target_timerange"]["start"], s["target_timerange"]["start"] + s["target_timerange"]["duration"]
    y = round(H / 2 - s["clip"]["transform"]["y"] * H / 2)
    draws.append(f"drawtext=fontfile={font}:text='{t}':fontsize={round(12 * H / 180)}:fontcolor=white:"
                 f"borderw=8:bordercolor=black:x=(w-text_w)/2:y={y}-text_h/2:"
                 f"enable='between(t,{sec(st)},{sec(en)})'")
graph.append(cur + ",".join(draws) + ",format=yuv420p[v]")
music = tracks["music"]["segments"][0]
args += ["-i", local(auds[music["material_id"]]["path"])]
graph.append(f"[{n}:a]volume={music['volume']}[music]")
graph.append("[mainsound][music]amix=inputs=2:duration=first:normalize=0[a]")
args += ["-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
         "-preset", preset, "-pix_fmt", "yuv420p", "-r", "30", "-c:a", "aac", "-b:a", "128k",
         "-ar", "48000", "-ac", "2", "-t", sec(d["duration"]), "-movflags", "+faststart", "-f", "mp4", out]
print("\n".join(args))
PY
mapfile -t hand <"$work/hand.args"
: >"$work/feature"
: >"$work/plain"
: >"$work/hand"
for ((r = 0; r < runs; r++)); do
  runs_saved=$runs
  runs=1
  timed "$work/feature" "$build/render_draft" "$work/drafts/benchfeature" "$work/feature.mp4" --preset "$preset"
  timed "$work/plain" "$build/render_draft" "$work/drafts/benchplain" "$work/plain.mp4" --preset "$preset"
  timed "$work/hand" "${hand[@]}"
  runs=$runs_saved
done
fw=$(cut -d' ' -f1 "$work/feature" | median); fc=$(cut -d' ' -f2 "$work/feature" | median)
pw=$(cut -d' ' -f1 "$work/plain" | median); pc=$(cut -d' ' -f2 "$work/plain" | median)
hw=$(cut -d' ' -f1 "$work/hand" | median); hc=$(cut -d' ' -f2 "$work/hand" | median)
video=$(duration_of "$work/feature.mp4")
printf '%-24s | %8s | %8s | %s\n' render "wall s" "cpu s" "x real time"
printf '%-24s | %8.2f | %8.2f | %s\n' "features" "$fw" "$fc" "$(ratio "$video" "$fw")x"
printf '%-24s | %8.2f | %8.2f | %s\n' "twin without features" "$pw" "$pc" "$(ratio "$video" "$pw")x"
printf '%-24s | %8.2f | %8.2f | %s\n' "twin, hand-written" "$hw" "$hc" "$(ratio "$video" "$hw")x"
echo "features / twin: wall $(ratio "$fw" "$pw"), cpu $(ratio "$fc" "$pc")   (target <= 1.5)"
echo "twin / hand-written: wall $(ratio "$pw" "$hw"), cpu $(ratio "$pc" "$hc")   (target <= 1.15)"
echo "peak RSS (KiB): features $(peak_rss "$build/render_draft" "$work/drafts/benchfeature" "$work/f2.mp4" --preset "$preset")," \
  "twin $(peak_rss "$build/render_draft" "$work/drafts/benchplain" "$work/p2.mp4" --preset "$preset")"
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${BENCH_KEEP:-}" ]; then
  mkdir -p "$BENCH_KEEP"
  cp "$work"/*.mp4 "$BENCH_KEEP"/
fi
