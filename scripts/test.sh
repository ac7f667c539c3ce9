#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the C++ unit tests (CTest) and the SDK suites (node --test),
# which drive a real filegate process through the platforms' official Node SDKs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

echo "== unit tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== SDK tests (node --test)"
( cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error )
FILEGATE_BIN="$PWD/build/filegate" npm --prefix tests/sdk test
