#!/usr/bin/env bash
# Installs what filegate needs to build and test on Debian 12, and any packages named as arguments (the lint script
# adds clang-tidy). Idempotent: installs only what is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config ccache
  libboost1.81-all-dev libsqlite3-dev libssl-dev libisal-dev libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libarchive-dev
  libcurl4-openssl-dev  # the S3 client (src/core/s3/)
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev  # the sanitizer build and the fuzzers (libclang-rt: the ASan, UBSan and libFuzzer runtimes)
  ceph-mon ceph-osd radosgw ceph-common  # a one-node S3 store for the S3 client's tests (scripts/ceph-s3.sh)
  nodejs npm
  chromium  # the web console's browser test (tests/sdk/test/console.test.js, headless, through puppeteer-core)
  libpq-dev postgresql-15  # the PostgreSQL metadata back end, and the server its tests start (scripts/postgres.sh)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's package: accept any node >= 20 with npm.
if command -v node >/dev/null && command -v npm >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
