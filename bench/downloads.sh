#!/usr/bin/env bash
# `make bench-downloads`: what serving videos costs everyone else. A 200 MB output is downloaded
# by 20 clients at once, again and again (10 plain GETs, 10 open-ended Range requests, as players
# send when seeking), while wrk polls gen_video_status on other connections. Prints the status
# latency (p50/p99) and the server's RSS before and during the downloads.
#   bench/downloads.sh [BUILD]   DOWNLOADS_SECONDS (15), DOWNLOADS_CLIENTS (20), OUTPUT_MB (200)
# SEED_BUILD names the build whose seed_store fills the store (default BUILD), so an older
# cutqueue binary can be measured with the same script.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cq_init downloads "${1:-build}"
seconds="${DOWNLOADS_SECONDS:-15}"
clients="${DOWNLOADS_CLIENTS:-20}"
size_mb="${OUTPUT_MB:-200}"
seed_build="$(cd "$root" && cd "${SEED_BUILD:-$build}" && pwd)"
export BENCH_TASKS="${BENCH_TASKS:-10000}"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
"$seed_build/seed_store" "$work/data" "$BENCH_TASKS" >/dev/null
mkdir -p "$work/data/outputs"
head -c "$((size_mb << 20))" /dev/urandom >"$work/data/outputs/big.mp4"
start_cutqueue "$work/data"
video="http://127.0.0.1:$port/outputs/big.mp4"

# Peak RSS (KiB) of the server while the file $1 exists, written to $2.
sample_rss() {
  local peak=0 now
  while [ -e "$1" ]; do
    now=$(awk '/VmRSS/ {print $2}' "/proc/$cutqueue_pid/status")
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.2
  done
  echo "$peak" >"$2"
}

poll_status() {
  wrk -t1 -c4 -d"${seconds}s" --latency -s "$root/bench/status.lua" "http://127.0.0.1:$port" \
    >"$work/$1.txt"
}

echo "== status alone, ${seconds}s"
touch "$work/sampling"
sample_rss "$work/sampling" "$work/rss_before" &
poll_status before
rm "$work/sampling"
wait $!

echo "== status while $clients clients download a $size_mb MB output, ${seconds}s"
touch "$work/downloading" "$work/sampling"
sample_rss "$work/sampling" "$work/rss_during" &
sampler=$!
downloaders=()
for i in $(seq "$clients"); do
  (
    n=0 bytes=0
    while [ -e "$work/downloading" ]; do
      range=()
      [ $((i % 2)) -eq 0 ] || range=(-H "Range: bytes=$((RANDOM * 1000))-")
      got=$(curl -s -o /dev/null --max-time 120 -w '%{size_download}' "${range[@]}" "$video" ||
        true)
      n=$((n + 1))
      bytes=$((bytes + ${got:-0}))
    done
    echo "$n $bytes" >"$work/client$i"
  ) &
  downloaders+=($!)
done
poll_status during
rm "$work/downloading"
wait "${downloaders[@]}"
rm "$work/sampling"
wait $sampler

p() { awk -v q="$2" '$1 == q {print $2}' "$work/$1.txt"; }
rps() { awk '/Requests\/sec/ {print $2}' "$work/$1.txt"; }
done_count=$(awk '{n += $1} END {print n}' "$work"/client*)
done_mb=$(awk '{b += $2} END {printf "%d", b / 1048576}' "$work"/client*)
echo
echo "== summary"
printf 'status alone        %9s req/s  p50 %8s  p99 %8s  RSS %6d KiB\n' "$(rps before)" \
  "$(p before 50%)" "$(p before 99%)" "$(cat "$work/rss_before")"
printf 'status + downloads  %9s req/s  p50 %8s  p99 %8s  RSS %6d KiB (peak)\n' "$(rps during)" \
  "$(p during 50%)" "$(p during 99%)" "$(cat "$work/rss_during")"
echo "downloads: $done_count answers, $done_mb MiB received ($clients clients, half of them ranges)"
grep -h "Non-2xx\|Socket errors" "$work"/before.txt "$work"/during.txt || echo "no errors"
