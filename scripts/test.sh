#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the C++ unit tests (CTest) and the SDK suites (node --test),
# which drive a real filegate process through the platforms' official Node SDKs, and the kill -9 loop over every
# upload path (tests/crash, CRASH_KILLS kills, default 30); with FILEGATE_SANITIZE_TESTS=1 also a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer (./build-sanitize) runs both suites again, and each libFuzzer
# target of tests/fuzz runs for FUZZ_SECONDS (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
( cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error )

run_suites() {  # build dir
  echo "== unit tests (ctest, $1)"
  ctest --test-dir "$1" --output-on-failure -j "$(nproc)"
  echo "== SDK tests (node --test, $1)"
  FILEGATE_BIN="$PWD/$1/filegate" npm --prefix tests/sdk test
}

run_suites build
echo "== crash test (kill -9 during uploads, tests/crash)"
FILEGATE_BIN="$PWD/build/filegate" CRASH_REQUIRE_GC=1 tests/crash/run.sh

# Opt-in (FILEGATE_SANITIZE_TESTS=1) until a clean-clone run shows it fits CI's time: a second full build, with clang.
if [ "${FILEGATE_SANITIZE_TESTS:-0}" = 1 ]; then
  echo "== sanitizer build (clang: ASan + UBSan, and the libFuzzer targets)"
  scripts/build-sanitize.sh
  # Any report fails: UBSan halts (-fno-sanitize-recover), ASan and LeakSanitizer exit non-zero.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 run_suites build-sanitize
  echo "== fuzzing (libFuzzer, ASan + UBSan, tests/fuzz)"
  scripts/fuzz.sh
fi
