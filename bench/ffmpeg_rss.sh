#!/usr/bin/env bash
# FFmpeg measured: appends "<max RSS KiB> <wall s> <first output file>" of each run to
# $FFMPEG_RSS_LOG, so a bench sees the peak memory of every FFmpeg a render starts.
exec /usr/bin/time -f "%M %e ${*: -1}" -a -o "$FFMPEG_RSS_LOG" ffmpeg "$@"
