#!/usr/bin/env bash
# `make demo`: renders examples/demo_draft end to end through the real HTTP API.
#   1. generates the draft's media with FFmpeg,
#   2. serves the draft the way capcut-mate's get_draft does (tests/fixture_server),
#   3. starts `cutqueue serve`, submits the draft_url, prints progress until it completes,
#   4. prints the video_url, downloads it to demo-output/demo.mp4 and checks it with ffprobe.
# KEEP=1 keeps cutqueue running afterwards so the video_url can be opened in a player.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init demo "${1:-build}"
draft_id=20261128120000cafe0001

echo "==> generating media with ffmpeg"
draft_dir="$work/drafts/$draft_id"
mkdir -p "$draft_dir"
cp "$root/examples/demo_draft/draft_content.json" "$draft_dir/draft_content.json"
cp "$root/examples/demo_draft/draft_content.json" "$draft_dir/draft_info.json"
"$root/examples/demo_draft/make_media.sh" "$draft_dir"

echo "==> serving the draft like capcut-mate's get_draft"
start_fixture_server "$work/drafts"
draft_url="http://127.0.0.1:$draft_port/openapi/capcut-mate/v1/get_draft?draft_id=$draft_id"

echo "==> starting cutqueue"
start_cutqueue "$work/data"

echo "==> POST $api/gen_video"
curl -s -X POST "$api/gen_video" -H 'Content-Type: application/json' \
  -d "{\"draft_url\": \"$draft_url\"}"
echo
status=""
last=""
deadline=$((SECONDS + 300))
while [ $SECONDS -lt $deadline ]; do
  body=$(curl -s -X POST "$api/gen_video_status" -H 'Content-Type: application/json' \
    -d "{\"draft_url\": \"$draft_url\"}")
  status=$(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$body")
  progress=$(sed -n 's/.*"progress":\([0-9]*\).*/\1/p' <<<"$body")
  if [ "$status $progress" != "$last" ]; then
    printf '    %-10s %3s%%\n' "$status" "$progress"
    last="$status $progress"
  fi
  [ "$status" = completed ] || [ "$status" = failed ] && break
  sleep 0.2
done
if [ "$status" != completed ]; then
  echo "demo failed: $body" >&2
  tail -20 "$work/cutqueue.log" >&2
  exit 1
fi
video_url=$(sed -n 's/.*"video_url":"\([^"]*\)".*/\1/p' <<<"$body")
mkdir -p "$root/demo-output"
curl -sf -o "$root/demo-output/demo.mp4" "$video_url"
info=$(ffprobe -v error -show_entries format=duration:stream=codec_name,width,height \
  -of csv=p=0 "$root/demo-output/demo.mp4" | tr '\n' ' ')
echo "==> ffprobe: $info"
echo "==> saved as demo-output/demo.mp4"
echo "video_url: $video_url"
if [ "${KEEP:-0}" = 1 ]; then
  echo "(KEEP=1: cutqueue keeps serving $video_url; Ctrl-C to stop)"
  wait "$cutqueue_pid"
fi
