#!/usr/bin/env bash
# Installs the Debian 12 packages cutqueue builds, tests and runs with; skips what is present.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libcaf-dev libpistache-dev nlohmann-json3-dev librocksdb-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev libavformat-dev libfreetype-dev
  libpng-dev libharfbuzz-dev libwebp-dev libssl-dev ffmpeg fonts-noto-cjk fonts-dejavu-extra curl
  tmux prometheus systemd nodejs chromium
)
# Debian's npm conflicts with a nodejs that brings its own npm (as NodeSource's does).
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web tests' node packages (OpenAPI validator, Ajv, playwright-core; no browser download:
# the tests drive Debian's chromium), exactly as package-lock.json pins them, and only when
# the lock file changed since the last install.
web="$(dirname "$0")/../tests/web"
if ! cmp -s "$web/package-lock.json" "$web/node_modules/.package-lock.copy" 2>/dev/null; then
  echo "deps: npm ci in tests/web"
  npm ci --prefix "$web" --no-audit --no-fund --loglevel=error
  cp "$web/package-lock.json" "$web/node_modules/.package-lock.copy"
fi
