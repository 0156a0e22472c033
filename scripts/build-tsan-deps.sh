#!/usr/bin/env bash
# Builds CAF 0.17.6 and RocksDB 7.8.3 -- the sources of the Debian 12 packages cutqueue links
# against -- with -fsanitize=thread, and installs them into one prefix (default build-tsan-deps).
#
# Why: ThreadSanitizer only sees synchronisation in code it instrumented. Debian's binaries hide
# CAF's lock-free mailboxes and scheduler and RocksDB's atomic reference counts, so every hand-off
# through them is reported as a race. Linked against these builds, a TSan report means a real race.
#
# Takes about 20 minutes on 2 cores the first time (17 min measured); ccache makes a rebuild
# quick. Nothing is rebuilt while the prefix holds a build of the same recipe (the stamp file).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(realpath -m "${1:-$root/build-tsan-deps}")
jobs=${JOBS:-2}
recipe=v1-gcc-O1-tsan
stamp=$prefix/.recipe

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$recipe" ]; then
  echo "tsan-deps: instrumented CAF and RocksDB present in $prefix"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
"$root/scripts/install-deps.sh" ccache

# apt-get only lists source packages when a deb-src entry exists; Debian 12's image has none.
if ! apt-get source --print-uris actor-framework >/dev/null 2>&1; then
  echo "tsan-deps: adding a deb-src entry for bookworm"
  $sudo tee /etc/apt/sources.list.d/cutqueue-deb-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  $sudo apt-get update -qq
fi

src=$prefix/src
mkdir -p "$src"

# Only the upstream tarball is fetched: each file is checked against the SHA-256 that apt read
# from Debian's signed Sources index. Debian's own patches are build fixes for other
# architectures, except CAF's missing <limits> include, applied below.
fetch_orig() {
  local package=$1 url name size hash
  while read -r url name size hash; do
    url=${url//\'/}
    if [ ! -f "$src/$name" ]; then
      echo "tsan-deps: fetching $name"
      curl -fsSL --retry 3 --max-time 600 -o "$src/$name.part" "$url"
      mv "$src/$name.part" "$src/$name"
    fi
    echo "${hash#SHA256:}  $src/$name" | sha256sum -c --quiet
    tar -xzf "$src/$name" -C "$src"
  done < <(apt-get source --print-uris "$package" | grep "^'.*\.orig\.tar\.gz'")
}

fetch_orig actor-framework
fetch_orig rocksdb

flags="-O1 -g1 -fsanitize=thread -fno-omit-frame-pointer"

caf=$src/actor-framework-0.17.6
grep -q '<limits>' "$caf/libcaf_io/caf/io/network/receive_buffer.hpp" ||
  sed -i 's|#include <cstddef>|#include <cstddef>\n#include <limits>|' \
    "$caf/libcaf_io/caf/io/network/receive_buffer.hpp"
echo "tsan-deps: building CAF (log: $caf/build.log)"
cmake -S "$caf" -B "$caf/build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCAF_NO_EXAMPLES=yes -DCAF_NO_UNIT_TESTS=yes -DCAF_NO_OPENCL=yes -DCAF_NO_OPENSSL=yes \
  -DCAF_NO_PYTHON=yes -DCAF_NO_TOOLS=yes -DCAF_NO_SUMMARY=yes -DCAF_NO_COMPILER_CHECK=yes \
  >"$caf/build.log" 2>&1
cmake --build "$caf/build" -j"$jobs" >>"$caf/build.log" 2>&1
cmake --install "$caf/build" >>"$caf/build.log" 2>&1

# Static and without compression libraries: the tests' stores are created fresh, and RocksDB
# then simply stores blocks uncompressed.
rocks=$src/rocksdb-7.8.3
echo "tsan-deps: building RocksDB (log: $rocks/build.log)"
cmake -S "$rocks" -B "$rocks/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1 -DNDEBUG -fno-omit-frame-pointer" \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -g1 -DNDEBUG" -DWITH_TSAN=ON -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DROCKSDB_BUILD_SHARED=OFF -DWITH_TESTS=OFF -DWITH_ALL_TESTS=OFF -DWITH_TOOLS=OFF \
  -DWITH_CORE_TOOLS=OFF -DWITH_BENCHMARK_TOOLS=OFF -DWITH_TRACE_TOOLS=OFF -DWITH_GFLAGS=OFF \
  -DWITH_LIBURING=OFF -DWITH_SNAPPY=OFF -DWITH_LZ4=OFF -DWITH_ZLIB=OFF -DWITH_ZSTD=OFF \
  -DWITH_BZ2=OFF -DPORTABLE=ON -DFAIL_ON_WARNINGS=OFF -DUSE_RTTI=ON \
  >"$rocks/build.log" 2>&1
cmake --build "$rocks/build" -j"$jobs" >>"$rocks/build.log" 2>&1
cmake --install "$rocks/build" >>"$rocks/build.log" 2>&1

echo "$recipe" >"$stamp"
echo "tsan-deps: installed into $prefix"
