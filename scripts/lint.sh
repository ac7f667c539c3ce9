#!/usr/bin/env bash
# Checks formatting (.clang-format) and runs clang-tidy (.clang-tidy) over every source file of the build.
# Usage: scripts/lint.sh [files...]   (default: all of src/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang-tidy clang-format
cmake -S . -B build -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(find src -name '*.cpp' | sort); fi
mapfile -t formattable < <(find src tests/unit tests/fuzz -name '*.[ch]pp' | sort)
clang-format --dry-run --Werror "${formattable[@]}"
# The build's GCC-only warning flags (-Wno-restrict) are unknown to clang: not an error of the code.
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 1 clang-tidy -p build --quiet --extra-arg=-Wno-unknown-warning-option
echo "lint: clean"
