#!/usr/bin/env bash
# Configures and builds filegate into ./build (release build with debug info).
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keeps compiled objects between builds, also of other clones (paths are taken relative to the clone).
export CCACHE_BASEDIR="$PWD"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${FILEGATE_BUILD_TYPE:-RelWithDebInfo}" \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build -j "$(nproc)"
