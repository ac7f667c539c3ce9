#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz (built by FILEGATE_FUZZ=ON into BUILD, default build-sanitize) for
# FUZZ_SECONDS each (default 40), as many at once as there are cores (about 4 minutes on 2 cores), starting from the
# committed seeds in tests/fuzz/corpus/<target>. What the fuzzers find is written to a scratch directory (FUZZ_OUT,
# default a fresh temporary one), never to the committed corpus. Fails if any target crashes, leaks, times out or
# trips a sanitizer, and prints the input that did it: reproduce with `BUILD/<target> <input>`.
# Usage: scripts/fuzz.sh [target...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD:-build-sanitize}"
seconds="${FUZZ_SECONDS:-40}"
out="${FUZZ_OUT:-$(mktemp -d -t filegate-fuzz.XXXXXX)}"

if [ $# -gt 0 ]; then targets=("$@"); else
  mapfile -t targets < <(find tests/fuzz -maxdepth 1 -name '*_fuzz.cpp' -printf '%f\n' | sed 's/\.cpp$//' | sort)
fi

# The longest input worth trying per target: a request head, a form, a JSON body are small by nature here, and a
# short -max_len keeps each execution fast.
max_len() {
  case "$1" in
    range_fuzz) echo 128 ;;
    *_signature_fuzz | percent_fuzz | smh_path_fuzz) echo 1024 ;;
    *) echo 4096 ;;
  esac
}
dictionary() {
  case "$1" in
    request_head_fuzz) echo tests/fuzz/dict/request_head.dict ;;
    multipart_fuzz) echo tests/fuzz/dict/multipart.dict ;;
    *_json_fuzz) echo tests/fuzz/dict/json.dict ;;
    *_signature_fuzz) echo tests/fuzz/dict/signature.dict ;;
  esac
}

run_target() {  # target
  local target="$1" name="${1%_fuzz}" dict
  mkdir -p "$out/$name/corpus" "$out/$name/artifacts"
  local args=(-max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048
    -print_final_stats=1 -artifact_prefix="$out/$name/artifacts/")
  dict="$(dictionary "$target")"
  [ -n "$dict" ] && args+=(-dict="$dict")
  # The scratch corpus first: libFuzzer writes what it finds into the first directory only.
  "$build/$target" "${args[@]}" "$out/$name/corpus" "tests/fuzz/corpus/$name" >"$out/$name/log" 2>&1
}

# Any sanitizer report ends the run with a non-zero status (UBSan is built with -fno-sanitize-recover).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

echo "== fuzzing ${#targets[@]} targets, ${seconds} s each (scratch: $out)"
pids=()
for target in "${targets[@]}"; do
  [ -x "$build/$target" ] || { echo "fuzz: $build/$target is not built (FILEGATE_FUZZ=ON)" >&2; exit 1; }
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 1; done
  run_target "$target" &
  pids+=("$!")
done

failed=0
for i in "${!targets[@]}"; do
  name="${targets[$i]%_fuzz}"
  if wait "${pids[$i]}"; then
    runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$name/log" | grep -o '[0-9]*$' || echo '?')"
    echo "fuzz: ${targets[$i]}: ok, $runs runs"
  else
    failed=1
    echo "fuzz: ${targets[$i]}: FAILED (log: $out/$name/log)" >&2
    grep -E 'ERROR:|runtime error:|property failed|SUMMARY' "$out/$name/log" | head -n 20 >&2 || true
    for input in "$out/$name/artifacts/"*; do
      [ -e "$input" ] && echo "fuzz: reproduce with: $build/${targets[$i]} $input" >&2
    done
  fi
done
exit "$failed"
