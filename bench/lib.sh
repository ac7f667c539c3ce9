# Shared by the benchmark scripts (bench/run.sh, bench/scale-out.sh): sourced from the repository root, after
# `set -euo pipefail`, with REPO, and DURATION and RUNS for wrk.

# Installs the project's dependencies and wrk, curl and whatever else the caller names.
install_bench_tools() {
  scripts/install-deps.sh
  local missing=() p
  for p in wrk curl "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# A Release build in build-release/; the binary in FILEGATE, and what it is in BUILD_KIND. FILEGATE_BENCH_BIN names
# a binary already built instead (e.g. build/filegate, -O2: for comparisons within one run when time is short).
build_release() {
  if [ -n "${FILEGATE_BENCH_BIN:-}" ]; then
    FILEGATE=$(realpath "$FILEGATE_BENCH_BIN")
    BUILD_KIND="the binary FILEGATE_BENCH_BIN named ($(basename "$(dirname "$FILEGATE")")/filegate)"
    return
  fi
  BUILD_KIND="Release build"
  export CCACHE_BASEDIR=$REPO  # as scripts/build.sh: objects are shared between builds and clones
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
  cmake --build build-release -j "$(nproc)"
  FILEGATE=$REPO/build-release/filegate
}

# A fresh work directory in WORK; processes the script starts go in PIDS, stopped by stop_started.
bench_workdir() { WORK=$(mktemp -d /tmp/filegate-bench-XXXXXX); }
PIDS=()
stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

start_filegate() { # data-dir port log [serve flag...]: rate limits and access log off unless the flags say otherwise
  # (flags outrank the environment), with the VAR=value settings of SERVE_ENV if any; its PID in STARTED_PID
  env FILEGATE_RATE_LIMITS=off FILEGATE_ACCESS_LOG=off ${SERVE_ENV[@]+"${SERVE_ENV[@]}"} \
    "$FILEGATE" serve --data-dir "$1" --port "$2" "${@:4}" >"$3" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_port "$2"
  for _ in $(seq 50); do grep -q "filegate ready" "$3" && break; sleep 0.1; done
}
field_of() { grep -o "$2=\S*" "$1" | head -1 | cut -d= -f2; } # log name: the first name=value the banner printed

wire() { timeout 600 node "$REPO/bench/wire-clients.js" "$@"; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];console.log(typeof v==="object"?Object.entries(v).map(([k,x])=>k+": "+x).join("\n"):v)})' "$1"; }

cpu_ticks() { # utime+stime of a process and its threads (clock ticks)
  awk '{print $14 + $15}' "/proc/$1/stat"
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# wrk prints Requests/sec, Transfer/sec and a latency distribution; one line: "rps MiB/s p50 p99".
wrk_once() { # url [header...]
  local url=$1; shift
  local args=(-t2 -c64 -d"${DURATION}s" --latency --timeout 10s)
  if [ -n "${WRK_SCRIPT:-}" ]; then args+=(-s "$WRK_SCRIPT"); fi
  for h in "$@"; do args+=(-H "$h"); done
  local out
  out=$(timeout $((DURATION + 30)) wrk "${args[@]}" "$url")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "wrk saw error responses from $url:" >&2
    echo "$out" >&2
    return 1
  fi
  local rps mibs p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  mibs=$(awk '/Transfer\/sec/ {v=$2; n=v+0; if (v ~ /GB/) n*=1024; else if (v ~ /KB/) n/=1024; else if (v !~ /MB/) n/=1048576; print n}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $mibs $p50 $p99"
}
median_line() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else printf "%.3f", v*1000 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
