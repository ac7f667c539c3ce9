#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the C++ unit tests (CTest), the SDK suites (node --test), which
# drive a real filegate process through the platforms' official Node SDKs (a second time with the metadata in a
# PostgreSQL server the script starts; a third time with every server three nodes over that PostgreSQL and a one-node
# Ceph's S3, each request sent to another node by a round-robin proxy), and the kill -9 loop over every upload path
# (tests/crash, CRASH_KILLS kills, default 30); then a clang build with AddressSanitizer and UndefinedBehaviorSanitizer
# (./build-sanitize) runs both suites again, and each libFuzzer target of tests/fuzz runs for FUZZ_SECONDS
# (scripts/fuzz.sh). FILEGATE_SANITIZE_TESTS=0 leaves out that last stage (a second full build).
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
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}
stores_dir=$(mktemp -d)
ceph_env=(BASE="$stores_dir/ceph" RGW_PORT="$(free_port)" MON_PORT="$(free_port)" MON2_PORT="$(free_port)"
  ACCESS_KEY=sdkclusteraccesskey SECRET_KEY=sdkclustersecretkey000000000000000)
stop_stores() {
  env "${ceph_env[@]}" scripts/ceph-s3.sh stop
  scripts/postgres.sh stop "$stores_dir/pg"
  rm -rf "$stores_dir"
}
trap stop_stores EXIT
pg_url=$(scripts/postgres.sh start "$stores_dir/pg" "$(free_port)")
FILEGATE_TEST_POSTGRES="${pg_url%/*}/postgres" FILEGATE_BIN="$PWD/build/filegate" npm --prefix tests/sdk test

# Once more as a cluster: every server a test starts is three nodes over that PostgreSQL and a one-node Ceph's S3
# (each data dir a database and an S3 prefix of its own) behind a round-robin proxy, so each request goes to another
# node (FILEGATE_TEST_CLUSTER in tests/sdk/lib/server.js). Tests that need one process or its disk skip themselves.
echo "== SDK tests on three nodes over PostgreSQL and S3 (scripts/ceph-s3.sh)"
s3_endpoint=$(env "${ceph_env[@]}" scripts/ceph-s3.sh start | tail -1)
FILEGATE_TEST_CLUSTER=3 FILEGATE_TEST_POSTGRES="${pg_url%/*}/postgres" \
  FILEGATE_TEST_S3="s3://filegate-sdk-tests?endpoint=$s3_endpoint&region=us-east-1" \
  FILEGATE_S3_ACCESS_KEY=sdkclusteraccesskey FILEGATE_S3_SECRET_KEY=sdkclustersecretkey000000000000000 \
  FILEGATE_BIN="$PWD/build/filegate" npm --prefix tests/sdk test
stop_stores
trap - EXIT
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
