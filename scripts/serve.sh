#!/usr/bin/env bash
# Installs dependencies, builds, and runs `filegate serve` (data in ./data, on 127.0.0.1:8080 unless told otherwise).
# Extra arguments go to `filegate serve`, e.g. scripts/serve.sh --port 9000 --rate-limits=off
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/filegate serve "$@"
