#!/usr/bin/env bash
# Installs the Debian 12 packages cutqueue builds, tests and runs with; skips what is present.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libcaf-dev libpistache-dev nlohmann-json3-dev librocksdb-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev libavformat-dev libfreetype-dev
  libpng-dev libharfbuzz-dev libwebp-dev libssl-dev ffmpeg fonts-noto-cjk fonts-dejavu-extra curl
  tmux prometheus systemd
)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
