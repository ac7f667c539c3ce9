#!/usr/bin/env bash
# The kill -9 loop over every upload path (tests/crash/README.md): CRASH_KILLS kills (default 30), against
# FILEGATE_BIN (default build/filegate). CRASH_KILLS=1000 tests/crash/run.sh is the long run.
set -euo pipefail
cd "$(dirname "$0")"
exec node crash-loop.js "$@"
