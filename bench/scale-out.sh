#!/usr/bin/env bash
# One filegate node over PostgreSQL + an S3 store (a one-node Ceph) against the embedded default (SQLite + a local
# directory): same binary, same machine, same run, same files. Then what PostgreSQL does per request (transactions
# per upload and per download, with the node's cache warm and cold) and how long a change on one node takes to reach
# another node's cache. Everything listens on 127.0.0.1 and is stopped by PID. Writes docs/benchmarks-scale-out.md,
# which docs/scale-out.md's capacity model reads from.
#   bench/scale-out.sh                 # full run (about ten minutes)
#   BENCH_QUICK=1 bench/scale-out.sh   # shorter runs, for trying the script out
#   BENCH_S3_PARAMS='multipart_mib=5120' bench/scale-out.sh   # more --blobs URL parameters for the scaled node
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

QUICK=${BENCH_QUICK:-0}
DURATION=$([ "$QUICK" = 1 ] && echo 3 || echo 10)  # seconds per wrk run
RUNS=$([ "$QUICK" = 1 ] && echo 1 || echo 3)       # wrk runs per cell; the median is reported
UP_MB=${BENCH_UPLOAD_MIB:-$([ "$QUICK" = 1 ] && echo 64 || echo 256)}  # the upload rows
COLD_FILES=$([ "$QUICK" = 1 ] && echo 20 || echo 100)
PROBES=$([ "$QUICK" = 1 ] && echo 10 || echo 50)   # cache-invalidation samples
ACCESS_KEY=benchaccesskey
SECRET_KEY=benchsecretkey000000000000000000

source bench/lib.sh
install_bench_tools
build_release
bench_workdir
CEPH_ENV=()
cleanup() {
  stop_started
  [ ${#CEPH_ENV[@]} -gt 0 ] && env "${CEPH_ENV[@]}" scripts/ceph-s3.sh stop >/dev/null 2>&1 || true
  scripts/postgres.sh stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== starting PostgreSQL and Ceph"
PG_URL=$(scripts/postgres.sh start "$WORK/pg" "$(free_port)")
# Every upload row stores new bytes (new_upload_bytes): 4 GiB of memstore holds them all.
CEPH_ENV=(BASE="$WORK/ceph" RGW_PORT="$(free_port)" MON_PORT="$(free_port)" MON2_PORT="$(free_port)"
  ACCESS_KEY=$ACCESS_KEY SECRET_KEY=$SECRET_KEY MEMSTORE_BYTES=$((4 << 30)))
S3_ENDPOINT=$(env "${CEPH_ENV[@]}" timeout 240 scripts/ceph-s3.sh start | tail -1)
export FILEGATE_S3_ACCESS_KEY=$ACCESS_KEY FILEGATE_S3_SECRET_KEY=$SECRET_KEY
SCALED=(FILEGATE_METADATA="$PG_URL"
  FILEGATE_BLOBS="s3://filegate-bench?endpoint=$S3_ENDPOINT&region=us-east-1${BENCH_S3_PARAMS:+&$BENCH_S3_PARAMS}")
pg_commits() { # transactions committed in the database so far (statistics are flushed within a second)
  sleep 1.5
  psql "$PG_URL" -qAtc "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
}

echo "== making files"
mkdir -p "$WORK/files"
head -c 4096 /dev/urandom >"$WORK/files/f4k"
head -c 1048576 /dev/urandom >"$WORK/files/f1m"
head -c $((UP_MB * 1048576)) /dev/urandom >"$WORK/files/fup"
sync

# Two servers: "embedded" (the default) and "scaled" (PostgreSQL + S3), each with the files imported through the
# CLI on its own store. Per name: NODE_URL, NODE_PID, NODE_LOG (the first start's banner), NODE_DIR, IM_KEY, AUTH.
declare -A NODE_URL NODE_PID NODE_LOG NODE_DIR IM_KEY AUTH
start_node() { # name [VAR=value...]
  local name=$1 port
  shift
  port=$(free_port)
  NODE_DIR[$name]=$WORK/$name
  [ -n "${NODE_LOG[$name]:-}" ] || NODE_LOG[$name]=$WORK/$name.log
  SERVE_ENV=("$@")
  start_filegate "${NODE_DIR[$name]}" "$port" "$WORK/$name-$port.log"
  SERVE_ENV=()
  [ -s "${NODE_LOG[$name]}" ] || cp "$WORK/$name-$port.log" "${NODE_LOG[$name]}"
  NODE_PID[$name]=$STARTED_PID
  NODE_URL[$name]=http://127.0.0.1:$port
}
feishu_token() { # name
  local app secret
  app=$(field_of "${NODE_LOG[$1]}" app_id)
  secret=$(field_of "${NODE_LOG[$1]}" app_secret)
  curl -s -X POST "${NODE_URL[$1]}/open-apis/auth/v3/tenant_access_token/internal" -H 'Content-Type: application/json' \
    -d "{\"app_id\":\"$app\",\"app_secret\":\"$secret\"}" | json_field tenant_access_token
}
import_file() { # name file [VAR=value...]: the Feishu IM file key
  env "${@:3}" "$FILEGATE" import --data-dir "${NODE_DIR[$1]}" --platform feishu \
    --app "$(field_of "${NODE_LOG[$1]}" app_id)" --name "$(basename "$2")" "$2"
}

echo "== starting the embedded node and the scaled node"
start_node embedded
start_node scaled "${SCALED[@]}"
for f in f4k f1m; do
  IM_KEY[embedded,$f]=$(import_file embedded "$WORK/files/$f")
  IM_KEY[scaled,$f]=$(import_file scaled "$WORK/files/$f" "${SCALED[@]}")
done
AUTH[embedded]="Authorization: Bearer $(feishu_token embedded)"
AUTH[scaled]="Authorization: Bearer $(feishu_token scaled)"
im_url() { echo "${NODE_URL[$1]}/open-apis/im/v1/files/${IM_KEY[$1,$2]}"; }

echo "== downloads: wrk, 64 connections, ${DURATION}s x $RUNS, the servers taking turns"
ROWS=()
CPU_ROWS=()
download_cell() { # label file
  local e_runs=() s_runs=() e_ticks=0 s_ticks=0 e_requests=0 s_requests=0 before line
  for _ in $(seq "$RUNS"); do
    for name in embedded scaled; do
      before=$(cpu_ticks "${NODE_PID[$name]}")
      line=$(wrk_once "$(im_url "$name" "$2")" "${AUTH[$name]}")
      if [ "$name" = embedded ]; then
        e_runs+=("$line"); e_ticks=$((e_ticks + $(cpu_ticks "${NODE_PID[$name]}") - before))
        e_requests=$(awk -v r="$e_requests" -v l="$line" -v d="$DURATION" 'BEGIN { split(l, f, " "); printf "%d", r + f[1] * d }')
      else
        s_runs+=("$line"); s_ticks=$((s_ticks + $(cpu_ticks "${NODE_PID[$name]}") - before))
        s_requests=$(awk -v r="$s_requests" -v l="$line" -v d="$DURATION" 'BEGIN { split(l, f, " "); printf "%d", r + f[1] * d }')
      fi
    done
  done
  read -r erps emib ep50 ep99 <<<"$(printf '%s\n' "${e_runs[@]}" | median_line)"
  read -r srps smib sp50 sp99 <<<"$(printf '%s\n' "${s_runs[@]}" | median_line)"
  ROWS+=("| $1 | $erps | $srps | $(ratio "$srps" "$erps") | $(printf '%.1f' "$emib") | $(printf '%.1f' "$smib") | $(to_ms "$ep50") / $(to_ms "$ep99") | $(to_ms "$sp50") / $(to_ms "$sp99") |")
  printf '%s\n' "${ROWS[-1]}"
  local hz e_us s_us
  hz=$(getconf CLK_TCK)
  e_us=$(awk -v t="$e_ticks" -v hz="$hz" -v n="$e_requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  s_us=$(awk -v t="$s_ticks" -v hz="$hz" -v n="$s_requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  CPU_ROWS+=("| $1 | $e_us | $s_us | $(ratio "$s_us" "$e_us") |")
}
DURATION=3 wrk_once "$(im_url embedded f4k)" "${AUTH[embedded]}" >/dev/null
DURATION=3 wrk_once "$(im_url scaled f4k)" "${AUTH[scaled]}" >/dev/null
download_cell "4 KiB (Feishu IM, cache warm)" f4k
download_cell "1 MiB (Feishu IM, cache warm)" f1m

echo "== uploads of $UP_MB MiB (SMH signed PUT, then DingTalk signed PUT)"
mibps() { awk -v s="$1" -v mb="$UP_MB" 'BEGIN { printf "%.0f", mb / s }'; }
# Every upload new bytes: one that is stored already is not sent again (content addressing), which is not what
# these rows measure.
new_upload_bytes() { head -c 32 /dev/urandom | dd of="$WORK/files/fup" conv=notrunc status=none; }
upload_row() { # label kind
  local e=() s=() name secs
  for _ in $(seq "$RUNS"); do
    for name in embedded scaled; do
      if [ "$2" = smh ]; then
        secs=$(wire smh "${NODE_URL[$name]}" "$(field_of "${NODE_LOG[$name]}" library_id)" \
          "$(field_of "${NODE_LOG[$name]}" library_secret)" "$WORK/files/fup" | json_field put_seconds)
      else
        secs=$(wire dingtalk "${NODE_URL[$name]}" "$(field_of "${NODE_LOG[$name]}" app_key)" \
          "$(grep 'DingTalk' "${NODE_LOG[$name]}" | grep -o 'app_secret=\S*' | cut -d= -f2)" \
          "$(field_of "${NODE_LOG[$name]}" space_id)" "$(field_of "${NODE_LOG[$name]}" union_id)" "$WORK/files/fup" |
          json_field put_seconds)
      fi
      if [ "$name" = embedded ]; then e+=("$(mibps "$secs")"); else s+=("$(mibps "$secs")"); fi
      new_upload_bytes
    done
  done
  local em sm
  em=$(printf '%s\n' "${e[@]}" | median_line)
  sm=$(printf '%s\n' "${s[@]}" | median_line)
  echo "$1: embedded $em MiB/s, scaled $sm MiB/s"
  UPLOAD_RATIOS+=("| $1 | $em | $sm | $(ratio "$sm" "$em") |")
}
UPLOAD_RATIOS=()
upload_row "$UP_MB MiB, SMH signed PUT (one stream, + MD5)" smh
upload_row "$UP_MB MiB, DingTalk signed PUT (one stream, + MD5)" dingtalk

# The ceiling of the scaled rows on this machine: the same bytes PUT by curl straight into the RADOS Gateway, which
# takes every byte a scaled node sends it, on the same cores.
ceiling=()
for i in $(seq "$RUNS"); do
  new_upload_bytes
  secs=$(curl -sf --aws-sigv4 aws:amz:us-east-1:s3 --user "$ACCESS_KEY:$SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -T "$WORK/files/fup" "$S3_ENDPOINT/filegate-bench/ceiling-$i" \
    -o /dev/null -w '%{time_total}')
  ceiling+=("$(mibps "$secs")")
done
S3_CEILING=$(printf '%s\n' "${ceiling[@]}" | median_line)
echo "$UP_MB MiB PUT by curl straight into the object store: $S3_CEILING MiB/s"

echo "== PostgreSQL transactions per request"
SMH_LIB=$(field_of "${NODE_LOG[scaled]}" library_id)
SMH_SECRET=$(field_of "${NODE_LOG[scaled]}" library_secret)
UPLOADS=20
before=$(pg_commits)
for _ in $(seq "$UPLOADS"); do wire smh "${NODE_URL[scaled]}" "$SMH_LIB" "$SMH_SECRET" "$WORK/files/f4k" >/dev/null; done
after=$(pg_commits)
PER_UPLOAD=$(awk -v a="$after" -v b="$before" -v n="$UPLOADS" 'BEGIN { printf "%.1f", (a - b) / n }')
echo "SMH upload flow (token, start, PUT, confirm, download URL): $PER_UPLOAD transactions"

WARM=2000
before=$(pg_commits)
for _ in $(seq $((WARM / 100))); do
  seq 100 | xargs -P 8 -I{} curl -s -o /dev/null -H "${AUTH[scaled]}" "$(im_url scaled f4k)"
done
after=$(pg_commits)
PER_WARM=$(awk -v a="$after" -v b="$before" -v n="$WARM" 'BEGIN { printf "%.3f", (a - b) / n }')
echo "warm download: $PER_WARM transactions"

# Cold: many files imported, then the node restarted (its metadata cache empty, its blob cache kept): each file
# downloaded once.
COLD_KEYS=()
for i in $(seq "$COLD_FILES"); do
  head -c 4096 /dev/urandom >"$WORK/files/cold-$i"
  COLD_KEYS+=("$(import_file scaled "$WORK/files/cold-$i" "${SCALED[@]}")")
done
kill "${NODE_PID[scaled]}"
timeout 30 tail --pid="${NODE_PID[scaled]}" -f /dev/null || true
start_node scaled "${SCALED[@]}"
AUTH[scaled]="Authorization: Bearer $(feishu_token scaled)"
before=$(pg_commits)
for key in "${COLD_KEYS[@]}"; do
  curl -s -o /dev/null -H "${AUTH[scaled]}" "${NODE_URL[scaled]}/open-apis/im/v1/files/$key"
done
after=$(pg_commits)
PER_COLD=$(awk -v a="$after" -v b="$before" -v n="$COLD_FILES" 'BEGIN { printf "%.1f", (a - b) / n }')
echo "cold download: $PER_COLD transactions"

echo "== cache invalidation between two nodes"
start_node second "${SCALED[@]}"
INVALIDATION=$(node - "${NODE_URL[scaled]}" "${NODE_URL[second]}" "$SMH_LIB" "$SMH_SECRET" "$PROBES" <<'JS'
// A file's HEAD on node B is cached; node A overwrites the file; how long after A's confirm answered does B's HEAD
// show the new version? Polled back to back, so the figure includes one HEAD's round trip.
const [a, b, lib, secret, probes] = process.argv.slice(2);
const json = async (res) => { if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`); return res.json(); };
(async () => {
  const q = new URLSearchParams({ library_id: lib, library_secret: secret });
  const { accessToken } = await json(await fetch(`${a}/api/v1/token?${q}`));
  const name = `probe-${Date.now()}.txt`;
  const upload = async (body) => {
    const started = await json(await fetch(`${a}/api/v1/file/${lib}/-/${name}?filesize=${body.length}&conflict_resolution_strategy=overwrite&access_token=${accessToken}`, { method: 'PUT' }));
    const put = await fetch(`http://${started.domain}${started.path}`, { method: 'PUT', headers: started.headers, body });
    if (put.status !== 200) throw new Error(`PUT ${put.status}`);
    await json(await fetch(`${a}/api/v1/file/${lib}/-/${started.confirmKey}?confirm&access_token=${accessToken}`, { method: 'POST' }));
  };
  const etagOnB = async () => {
    const res = await fetch(`${b}/api/v1/file/${lib}/-/${name}?access_token=${accessToken}`, { method: 'HEAD' });
    const etag = res.headers.get('x-smh-etag');
    if (!etag) throw new Error(`HEAD on node B: ${res.status} without x-smh-etag`);
    return etag;
  };
  await upload(Buffer.from('version 0'));
  const samples = [];
  for (let i = 1; i <= Number(probes); i++) {
    const before = await etagOnB();  // cached on B now
    await upload(Buffer.from(`version ${i}`));
    const t0 = process.hrtime.bigint();
    let polls = 0;
    while ((await etagOnB()) === before) {
      if (++polls > 100000) throw new Error('node B never saw the change');
    }
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((x, y) => x - y);
  const at = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(2);
  console.log(`${at(0.5)} ${at(0.99)} ${samples[samples.length - 1].toFixed(2)}`);
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
JS
)
read -r INV_P50 INV_P99 INV_MAX <<<"$INVALIDATION"
echo "invalidation: p50 $INV_P50 ms, p99 $INV_P99 ms, max $INV_MAX ms"

CPU_MODEL=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# Benchmarks: one node over PostgreSQL + S3 against the embedded default"
  echo
  echo "Made by \`bench/scale-out.sh\`$([ "$QUICK" = 1 ] && echo " (BENCH_QUICK=1: short runs)") on $(date -u +%Y-%m-%d), on $(nproc) cores ($CPU_MODEL), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Debian $(cat /etc/debian_version)."
  echo "Everything on this one machine over loopback: PostgreSQL $(psql "$PG_URL" -qAtc 'SHOW server_version' | cut -d' ' -f1) (fsync on), a one-node Ceph"
  echo "$(ceph --version 2>/dev/null | awk '{print $3}') (memstore OSD, RADOS Gateway), and the filegate nodes ($BUILD_KIND, rate limits and access log off)."
  echo "The embedded node keeps SQLite and blobs in its data dir; the scaled node keeps metadata in PostgreSQL and blobs in"
  echo "the bucket, downloads served from its read cache. wrk: 2 threads, 64 connections, ${DURATION} s per run, median of $RUNS,"
  echo "the two nodes taking turns. PostgreSQL and Ceph share the two cores with the node and wrk: upload figures include"
  echo "Ceph's own work on the same cores."
  echo
  echo "| path | embedded req/s | scaled req/s | ratio | embedded MiB/s | scaled MiB/s | embedded p50 / p99 ms | scaled p50 / p99 ms |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| upload | embedded MiB/s | scaled MiB/s | ratio |"
  echo "|---|---|---|---|"
  printf '%s\n' "${UPLOAD_RATIOS[@]}"
  echo
  echo "The same $UP_MB MiB PUT by curl straight into the RADOS Gateway (no filegate; median of $RUNS): **$S3_CEILING MiB/s**,"
  echo "the ceiling of the scaled rows on these cores."
  echo
  echo "Node CPU per download (user + system time of the server process over the wrk runs, divided by the requests):"
  echo
  echo "| download | embedded µs | scaled µs | ratio |"
  echo "|---|---|---|---|"
  printf '%s\n' "${CPU_ROWS[@]}"
  echo
  echo "PostgreSQL per request (transactions committed in the database, \`pg_stat_database.xact_commit\`; every"
  echo "statement outside a transaction counts as one):"
  echo
  echo "| request | transactions |"
  echo "|---|---|"
  echo "| SMH upload flow: token, start, signed PUT, confirm, download URL ($UPLOADS flows of 4 KiB) | $PER_UPLOAD |"
  echo "| Feishu IM download, node cache warm ($WARM downloads) | $PER_WARM |"
  echo "| Feishu IM download, node just restarted, each file once ($COLD_FILES files) | $PER_COLD |"
  echo
  echo "Cache invalidation between two nodes over one PostgreSQL: a file's HEAD cached on node B, the file overwritten"
  echo "through node A; the time from A's confirm answer until B's HEAD shows the new version ($PROBES samples, polled back"
  echo "to back, so one HEAD round trip is included): p50 **$INV_P50 ms**, p99 **$INV_P99 ms**, max $INV_MAX ms."
} >"$REPO/docs/benchmarks-scale-out.md.new"
mv "$REPO/docs/benchmarks-scale-out.md.new" "$REPO/docs/benchmarks-scale-out.md"
echo "== written to docs/benchmarks-scale-out.md"
cat "$REPO/docs/benchmarks-scale-out.md"
