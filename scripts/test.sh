#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the C++ unit tests (CTest), the SDK suites (node --test), which
# drive a real filegate process through the platforms' official Node SDKs (a second time with the metadata in a
# PostgreSQL server the script starts), and the kill -9 loop over every upload path (tests/crash, CRASH_KILLS kills,
# default 30); then a clang build with AddressSanitizer and UndefinedBehaviorSanitizer (./build-sanitize) runs both
# suites again, and each libFuzzer target of tests/fuzz runs for FUZZ_SECONDS (scripts/fuzz.sh).
# FILEGATE_SANITIZE_TESTS=0 leaves out that last stage (a second full build).
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

# The SDK suites once more with every data dir's metadata in PostgreSQL (tests/sdk/lib/server.js makes a database
# per data dir): what users of `--metadata postgresql://…` run. The metadata contract itself is in ctest above.
echo "== SDK tests over PostgreSQL metadata (scripts/postgres.sh)"
pg_dir=$(mktemp -d)
trap 'scripts/postgres.sh stop "$pg_dir/pg"; rm -rf "$pg_dir"' EXIT
pg_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
pg_url=$(scripts/postgres.sh start "$pg_dir/pg" "$pg_port")
FILEGATE_TEST_POSTGRES="${pg_url%/*}/postgres" FILEGATE_BIN="$PWD/build/filegate" npm --prefix tests/sdk test
scripts/postgres.sh stop "$pg_dir/pg"
echo "== crash test (kill -9 during uploads, tests/crash)"
FILEGATE_BIN="$PWD/build/filegate" CRASH_REQUIRE_GC=1 tests/crash/run.sh

if [ "${FILEGATE_SANITIZE_TESTS:-1}" = 1 ]; then
  echo "== sanitizer build (clang: ASan + UBSan, and the libFuzzer targets)"
  scripts/build-sanitize.sh
  # Any report fails: UBSan halts (-fno-sanitize-recover), ASan and LeakSanitizer exit non-zero.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 run_suites build-sanitize
  echo "== fuzzing (libFuzzer, ASan + UBSan, tests/fuzz)"
  scripts/fuzz.sh
fi
