#!/usr/bin/env bash
# Generates the demo draft's media with FFmpeg (nothing is downloaded): usage make_media.sh DIR
set -euo pipefail
dir="$1"
mkdir -p "$dir/assets/videos" "$dir/assets/images" "$dir/assets/audios"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
ff -f lavfi -i testsrc2=size=640x360:rate=25:duration=4 -f lavfi -i sine=frequency=440:duration=4 \
   -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$dir/assets/videos/intro.mp4"
ff -f lavfi -i smptebars=size=640x360:rate=25:duration=4 -f lavfi -i sine=frequency=660:duration=4 \
   -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$dir/assets/videos/bars.mp4"
ff -f lavfi -i mandelbrot=size=320x320:end_pts=1 -frames:v 1 "$dir/assets/images/logo.png"
ff -f lavfi -i sine=frequency=300:duration=8 -c:a libmp3lame -b:a 64k "$dir/assets/audios/music.mp3"
