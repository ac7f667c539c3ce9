#!/usr/bin/env bash
# Configures and builds ./build-sanitize with clang: AddressSanitizer + UndefinedBehaviorSanitizer over the server and
# the unit tests, plus the libFuzzer targets of tests/fuzz (one build for both, FILEGATE_FUZZ). -O1 with line tables
# only: sanitizer reports keep file:line, and the build is much faster than at -O2 with full debug info.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD"
CC=clang CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DFILEGATE_SANITIZE=ON -DFILEGATE_FUZZ=ON \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build-sanitize -j "$(nproc)"
