#!/usr/bin/env bash
# filegate against nginx (sendfile), same files, same machine, one run. Everything listens on 127.0.0.1 only,
# every step is bounded in time, and both servers are stopped by PID. Writes docs/benchmarks.md.
#   bench/run.sh                 # full run (about half an hour: the soak alone is 10 minutes)
#   BENCH_QUICK=1 bench/run.sh   # shorter runs, for trying the script out
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

QUICK=${BENCH_QUICK:-0}
DURATION=$([ "$QUICK" = 1 ] && echo 3 || echo 10)   # seconds per wrk run
RUNS=$([ "$QUICK" = 1 ] && echo 1 || echo 3)        # wrk runs per cell; the median is reported
BIG_MB=$([ "$QUICK" = 1 ] && echo 256 || echo 1024)  # the "1 GiB" stream
SOAK_SECONDS=$([ "$QUICK" = 1 ] && echo 20 || echo 600)

source bench/lib.sh
install_bench_tools nginx-light
build_release
bench_workdir
chmod 755 "$WORK"  # nginx's workers run unprivileged and must read the files
cleanup() {
  stop_started
  rm -rf "$WORK" "${RAM_DIR:-}"
}
trap cleanup EXIT

echo "== making files"
mkdir -p "$WORK/files"
head -c 4096 /dev/urandom >"$WORK/files/f4k"
head -c 65536 /dev/urandom >"$WORK/files/f64k"
head -c 1048576 /dev/urandom >"$WORK/files/f1m"
head -c $((100 * 1048576)) /dev/urandom >"$WORK/files/f100m"
head -c $((BIG_MB * 1048576)) /dev/urandom >"$WORK/files/fbig"

# Writing those files leaves dirty pages that the kernel flushes in the background: let that finish before
# anything is timed, or the first cells measure the flush.
sync

echo "== starting nginx"
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/files;
    # The upload anchor: PUT as nginx takes it (WebDAV, nginx-light has the module): the body into a temporary file,
    # renamed into place; no hashing, no fsync.
    location /dav/ { root $WORK/nginx; dav_methods PUT; client_max_body_size 0; }
  }
}
CONF
mkdir -p "$WORK/nginx/dav" "$WORK/nginx/body"
chmod 777 "$WORK/nginx/dav" "$WORK/nginx/body"  # the workers run unprivileged
timeout 5 nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >/dev/null 2>&1
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PIDS+=($!)
NGINX_MASTER=$!
wait_port "$NGINX_PORT"


echo "== starting filegate"
FG_PORT=$(free_port)
start_filegate "$WORK/data" "$FG_PORT" "$WORK/filegate.log"
FG_PID=$STARTED_PID
APP_ID=$(field_of "$WORK/filegate.log" app_id)
APP_SECRET=$(field_of "$WORK/filegate.log" app_secret)
TOKEN=$(curl -s -X POST "http://127.0.0.1:$FG_PORT/open-apis/auth/v3/tenant_access_token/internal" \
  -H 'Content-Type: application/json' -d "{\"app_id\":\"$APP_ID\",\"app_secret\":\"$APP_SECRET\"}" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).tenant_access_token))')
banner_field() { field_of "$WORK/filegate.log" "$1"; }
DT_KEY=$(banner_field app_key); DT_SECRET=$(grep -A0 'DingTalk' "$WORK/filegate.log" | grep -o 'app_secret=\S*' | cut -d= -f2)
DT_SPACE=$(banner_field space_id); DT_UNION=$(banner_field union_id)
SMH_LIB=$(banner_field library_id); SMH_SECRET=$(banner_field library_secret)
FG="http://127.0.0.1:$FG_PORT"
declare -A KEY
for f in f4k f64k f1m f100m fbig; do
  KEY[$f]=$("$FILEGATE" import --data-dir "$WORK/data" --platform feishu --app "$APP_ID" --name "$f" "$WORK/files/$f")
done
IM="http://127.0.0.1:$FG_PORT/open-apis/im/v1/files"
NG="http://127.0.0.1:$NGINX_PORT"
AUTH="Authorization: Bearer $TOKEN"

nginx_cpu_ticks() {
  local total=0
  for p in $(pgrep -P "$NGINX_MASTER") "$NGINX_MASTER"; do total=$((total + $(cpu_ticks "$p"))); done
  echo "$total"
}

ROWS=()
row() { ROWS+=("$1"); printf '%s\n' "$1"; }

echo "== wrk: 64 connections, ${DURATION}s x $RUNS"
cell() { # label filegate-url nginx-url [header for both] ; FG_HEADERS: newline-separated headers for filegate only
  local label=$1 fg_url=$2 ng_url=$3 extra=${4:-}
  local fg_headers=() ng_headers=() fg_runs=() ng_runs=()
  mapfile -t fg_headers <<<"${FG_HEADERS:-$AUTH}"
  if [ -n "$extra" ]; then fg_headers+=("$extra"); ng_headers+=("$extra"); fi
  # The two servers take turns, so a slow spell of the machine does not fall on one of them only.
  for _ in $(seq "$RUNS"); do
    fg_runs+=("$(wrk_once "$fg_url" "${fg_headers[@]}")")
    ng_runs+=("$(wrk_once "$ng_url" "${ng_headers[@]}")")
  done
  read -r frps fmib fp50 fp99 <<<"$(printf '%s\n' "${fg_runs[@]}" | median_line)"
  read -r nrps nmib np50 np99 <<<"$(printf '%s\n' "${ng_runs[@]}" | median_line)"
  row "| $label | $frps | $nrps | $(ratio "$frps" "$nrps") | $(printf '%.1f' "$fmib") | $(printf '%.1f' "$nmib") | $(to_ms "$fp50") / $(to_ms "$fp99") | $(to_ms "$np50") / $(to_ms "$np99") | $(ratio "$(to_ms "$fp99")" "$(to_ms "$np99")") |"
}
# Both servers warm up (caches, allocators, connections) before anything is kept.
DURATION=5 wrk_once "$IM/${KEY[f4k]}" "$AUTH" >/dev/null
DURATION=5 wrk_once "$NG/f4k" >/dev/null
cell "4 KiB (Feishu IM, bearer checked)" "$IM/${KEY[f4k]}" "$NG/f4k"
cell "4 KiB, Range 0-1023 (206)" "$IM/${KEY[f4k]}" "$NG/f4k" "Range: bytes=0-1023"
# The same 4 KiB at an equal, paced load (each connection pauses 1 ms between requests): the latency of the
# server, without the queueing inside a saturated wrk that shares the two cores with it.
WRK_SCRIPT="$REPO/bench/paced.lua" cell "4 KiB at an equal paced load (1 ms pause per connection)" "$IM/${KEY[f4k]}" "$NG/f4k"
cell "64 KiB" "$IM/${KEY[f64k]}" "$NG/f64k"
cell "1 MiB" "$IM/${KEY[f1m]}" "$NG/f1m"

# The signed-URL paths: DingTalk's header-signed download URL and SMH's 302 Location (no bearer token on either).
for f in f4k f1m; do
  dt=$(wire dingtalk "$FG" "$DT_KEY" "$DT_SECRET" "$DT_SPACE" "$DT_UNION" "$WORK/files/$f")
  FG_HEADERS=$(json_field headers <<<"$dt") cell "$f via DingTalk signed URL" "$(json_field url <<<"$dt")" "$NG/$f"
  smh=$(wire smh "$FG" "$SMH_LIB" "$SMH_SECRET" "$WORK/files/$f")
  FG_HEADERS="X-Bench: smh" cell "$f via SMH Location URL" "$(json_field url <<<"$smh")" "$NG/$f"
done

echo "== observability A/B: the same downloads with and without the journal, access log and fault rules"
# Two more servers with the same files: "bare" has the request journal and the access log off; "observed" has the
# journal on (the default 10,000 entries), the access log on (to a file) and a fault rule on another endpoint, so
# every request also pays the rule lookup. They take turns like the cells above; the ratio is observed / bare.
ab_server() { # name [serve flag...] → AB_URL[name], AB_AUTH[name], AB_KEY[name,f4k|f1m]
  local name=$1 port
  port=$(free_port)
  start_filegate "$WORK/ab-$name" "$port" "$WORK/ab-$name.log" "${@:2}"
  local app secret
  app=$(field_of "$WORK/ab-$name.log" app_id)
  secret=$(field_of "$WORK/ab-$name.log" app_secret)
  for f in f4k f1m; do
    AB_KEY[$name,$f]=$("$FILEGATE" import --data-dir "$WORK/ab-$name" --platform feishu --app "$app" --name "$f" "$WORK/files/$f")
  done
  AB_URL[$name]="http://127.0.0.1:$port/open-apis/im/v1/files"
  AB_AUTH[$name]="Authorization: Bearer $(curl -s -X POST "http://127.0.0.1:$port/open-apis/auth/v3/tenant_access_token/internal" \
    -H 'Content-Type: application/json' -d "{\"app_id\":\"$app\",\"app_secret\":\"$secret\"}" | json_field tenant_access_token)"
  AB_ADMIN[$name]="http://127.0.0.1:$port/_filegate/api/v1"
}
declare -A AB_URL AB_AUTH AB_KEY AB_ADMIN
ab_server bare --journal-size 0 --admin-token bench-admin-token-000000000001
ab_server observed --access-log=on --admin-token bench-admin-token-000000000001
curl -sf -X POST -H "Authorization: Bearer bench-admin-token-000000000001" "${AB_ADMIN[observed]}/faults" \
  -d '{"endpoint":"feishu.im.file.create","error":"99991400"}' >/dev/null
AB_ROWS=()
ab_cell() { # label file
  local bare_runs=() observed_runs=()
  for _ in $(seq "$RUNS"); do
    bare_runs+=("$(wrk_once "${AB_URL[bare]}/${AB_KEY[bare,$2]}" "${AB_AUTH[bare]}")")
    observed_runs+=("$(wrk_once "${AB_URL[observed]}/${AB_KEY[observed,$2]}" "${AB_AUTH[observed]}")")
  done
  read -r brps _ bp50 bp99 <<<"$(printf '%s\n' "${bare_runs[@]}" | median_line)"
  read -r orps _ op50 op99 <<<"$(printf '%s\n' "${observed_runs[@]}" | median_line)"
  AB_ROWS+=("| $1 | $brps | $orps | $(ratio "$orps" "$brps") | $(to_ms "$bp50") / $(to_ms "$bp99") | $(to_ms "$op50") / $(to_ms "$op99") |")
  printf '%s\n' "${AB_ROWS[-1]}"
}
DURATION=3 wrk_once "${AB_URL[bare]}/${AB_KEY[bare,f4k]}" "${AB_AUTH[bare]}" >/dev/null
DURATION=3 wrk_once "${AB_URL[observed]}/${AB_KEY[observed,f4k]}" "${AB_AUTH[observed]}" >/dev/null
ab_cell "4 KiB (Feishu IM)" f4k
ab_cell "1 MiB (Feishu IM)" f1m
JOURNALED=$(curl -s -H "Authorization: Bearer bench-admin-token-000000000001" "${AB_ADMIN[observed]}/requests?limit=1" |
  json_field last_seq)
echo "observed server journaled $JOURNALED requests"

echo "== uploads of ${BIG_MB} MiB through the platforms' own wire"
DOC=$("$FILEGATE" doc create --data-dir "$WORK/data" --app "$APP_ID" --type docx)
mibps() { awk -v s="$1" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / s }'; }
DT_BIG=$(wire dingtalk "$FG" "$DT_KEY" "$DT_SECRET" "$DT_SPACE" "$DT_UNION" "$WORK/files/fbig")
DRIVE_UP=$(mibps "$(wire drive "$FG" "$APP_ID" "$APP_SECRET" "$DOC" "$WORK/files/fbig" | json_field upload_seconds)")
echo "Feishu Drive chunked: $DRIVE_UP MiB/s"

echo "== uploads of ${BIG_MB} MiB against nginx's PUT, taking turns, median of $RUNS"
# New bytes for every upload: filegate does not store bytes it holds already twice, and nginx has nothing to skip.
cp "$WORK/files/fbig" "$WORK/files/fup"
new_upload_bytes() { head -c 32 /dev/urandom | dd of="$WORK/files/fup" conv=notrunc status=none; }
nginx_put_seconds() { # name
  timeout 300 curl -sf -T "$WORK/files/fup" -o /dev/null -w '%{time_total}' "$NG/dav/$1"
  rm -f "$WORK/nginx/dav/$1"
}
dt_runs=() smh_runs=() ng_runs=()
for i in $(seq "$RUNS"); do
  new_upload_bytes
  dt_runs+=("$(mibps "$(wire dingtalk "$FG" "$DT_KEY" "$DT_SECRET" "$DT_SPACE" "$DT_UNION" "$WORK/files/fup" |
    json_field put_seconds)")")
  new_upload_bytes
  smh_runs+=("$(mibps "$(wire smh "$FG" "$SMH_LIB" "$SMH_SECRET" "$WORK/files/fup" | json_field put_seconds)")")
  ng_runs+=("$(mibps "$(nginx_put_seconds "up-$i")")")
done
DT_PUT=$(printf '%s\n' "${dt_runs[@]}" | median_line)
SMH_PUT=$(printf '%s\n' "${smh_runs[@]}" | median_line)
NG_PUT=$(printf '%s\n' "${ng_runs[@]}" | median_line)
rm -f "$WORK/files/fup"
echo "DingTalk PUT $DT_PUT MiB/s, SMH PUT $SMH_PUT MiB/s, nginx PUT $NG_PUT MiB/s"

echo "== one ${BIG_MB} MiB stream (curl)"
stream_cell() { # url [header]
  local before after start end
  curl -s -o /dev/null "$@" # warm the page cache
  start=$(date +%s.%N)
  timeout 300 curl -s -o /dev/null "$@"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / (e - s) }'
}
fg_before=$(cpu_ticks "$FG_PID")
# Through a DingTalk signed URL: the IM path refuses files over 100 MB, as the platform does.
big_headers=()
while IFS= read -r h; do big_headers+=(-H "$h"); done <<<"$(json_field headers <<<"$DT_BIG")"
fg_stream=$(stream_cell "${big_headers[@]}" "$(json_field url <<<"$DT_BIG")")
fg_after=$(cpu_ticks "$FG_PID")
ng_before=$(nginx_cpu_ticks)
ng_stream=$(stream_cell "$NG/fbig")
ng_after=$(nginx_cpu_ticks)
HZ=$(getconf CLK_TCK)
fg_cpu=$(awk -v t=$((fg_after - fg_before)) -v hz="$HZ" -v mb="$BIG_MB" 'BEGIN { printf "%.3f", t / hz / 2 / (mb / 1024) }')
ng_cpu=$(awk -v t=$((ng_after - ng_before)) -v hz="$HZ" -v mb="$BIG_MB" 'BEGIN { printf "%.3f", t / hz / 2 / (mb / 1024) }')
STREAM_ROW="| one ${BIG_MB} MiB stream (filegate: DingTalk signed URL) | $fg_stream MiB/s | $ng_stream MiB/s | $(ratio "$fg_stream" "$ng_stream") |"
CPU_ROW="| CPU seconds per GiB served (server side) | $fg_cpu | $ng_cpu | $(ratio "$fg_cpu" "$ng_cpu") |"
echo "$STREAM_ROW"; echo "$CPU_ROW"

echo "== ingest: ${BIG_MB} MiB through staging with SHA-256 + CRC-64 + Adler-32 (filegate import)"
sync  # the uploads above leave gigabytes of dirty pages: their writeback must not be timed here
start=$(date +%s.%N)
"$FILEGATE" import --data-dir "$WORK/data" --platform feishu --app "$APP_ID" --name ingest "$WORK/files/fbig" >/dev/null
end=$(date +%s.%N)
INGEST=$(awk -v s="$start" -v e="$end" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / (e - s) }')
echo "ingest: $INGEST MiB/s"

# What the disk itself allows for a durable write of the same size: the ceiling of every ingest row above.
sync
start=$(date +%s.%N)
timeout 300 dd if="$WORK/files/fbig" of="$WORK/dd-ceiling" bs=1M conv=fsync status=none
end=$(date +%s.%N)
rm -f "$WORK/dd-ceiling"
DISK_CEILING=$(awk -v s="$start" -v e="$end" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / (e - s) }')
echo "disk ceiling (dd conv=fsync): $DISK_CEILING MiB/s"
# The same write the way filegate stages uploads: O_DIRECT in 512 KiB pieces, around the page cache, then fsync.
sync
start=$(date +%s.%N)
timeout 300 dd if="$WORK/files/fbig" of="$WORK/dd-ceiling" bs=512K oflag=direct conv=fsync status=none
end=$(date +%s.%N)
rm -f "$WORK/dd-ceiling"
DIRECT_CEILING=$(awk -v s="$start" -v e="$end" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / (e - s) }')
echo "disk ceiling (dd oflag=direct bs=512K conv=fsync): $DIRECT_CEILING MiB/s"

# The same ingest with the disk taken out: a data directory in memory (tmpfs), where fsync costs nothing. Every
# staged page is then a fresh page of memory, which on a VM can cost more than the device would.
RAM_DIR=$(mktemp -d /dev/shm/filegate-bench-XXXXXX)
"$FILEGATE" app create --data-dir "$RAM_DIR/data" --platform feishu >"$WORK/ram-app.txt"
RAM_APP=$(field_of "$WORK/ram-app.txt" app_id)
start=$(date +%s.%N)
"$FILEGATE" import --data-dir "$RAM_DIR/data" --platform feishu --app "$RAM_APP" --name ingest "$WORK/files/fbig" >/dev/null
end=$(date +%s.%N)
INGEST_RAM=$(awk -v s="$start" -v e="$end" -v mb="$BIG_MB" 'BEGIN { printf "%.0f", mb / (e - s) }')
echo "ingest into tmpfs: $INGEST_RAM MiB/s"

# And one upload through HTTP into a second filegate whose data directory is in memory.
RAM_PORT=$(free_port)
start_filegate "$RAM_DIR/served" "$RAM_PORT" "$WORK/filegate-ram.log"
RAM_LIB=$(field_of "$WORK/filegate-ram.log" library_id)
RAM_SECRET=$(field_of "$WORK/filegate-ram.log" library_secret)
SMH_UP_RAM=$(mibps "$(wire smh "http://127.0.0.1:$RAM_PORT" "$RAM_LIB" "$RAM_SECRET" "$WORK/files/fbig" | json_field put_seconds)")
kill "$STARTED_PID" 2>/dev/null || true
rm -rf "$RAM_DIR"
echo "SMH PUT into tmpfs: $SMH_UP_RAM MiB/s"

echo "== 1,000 idle keep-alive connections"
hold_connections() { # port header... : opens 1000 connections, makes one request on each, holds them 5 s
  node - "$@" <<'JS'
const http = require('http');
const [port, ...headers] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
const hdrs = Object.fromEntries(headers.map((h) => [h.split(': ')[0], h.split(': ').slice(1).join(': ')]));
const path = process.env.HOLD_PATH;
let done = 0;
for (let i = 0; i < 1000; i++) {
  http.get({ host: '127.0.0.1', port, path, agent, headers: hdrs }, (res) => { res.resume(); res.on('end', () => { if (++done === 1000) { console.log('held'); setTimeout(() => process.exit(0), 5000); } }); });
}
setTimeout(() => process.exit(1), 60000);
JS
}
RSS_IDLE_BEFORE=$(rss_kib "$FG_PID")
HOLD_PATH="/open-apis/im/v1/files/${KEY[f4k]}" hold_connections "$FG_PORT" "$AUTH" >"$WORK/hold.log" &
HOLD=$!
for _ in $(seq 100); do grep -q held "$WORK/hold.log" 2>/dev/null && break; sleep 0.1; done
RSS_1000=$(rss_kib "$FG_PID")
wait $HOLD || true
echo "RSS before: ${RSS_IDLE_BEFORE} KiB, with 1000 connections: ${RSS_1000} KiB"

echo "== mixed load for ${SOAK_SECONDS}s: RSS growth"
RSS_SOAK_START=$(rss_kib "$FG_PID")
timeout $((SOAK_SECONDS + 30)) wrk -t2 -c64 -d"${SOAK_SECONDS}s" -s "$REPO/bench/mixed.lua" -H "$AUTH" \
  "$IM/${KEY[f4k]}" >/dev/null 2>&1 || true
RSS_SOAK_END=$(rss_kib "$FG_PID")
echo "RSS at start: ${RSS_SOAK_START} KiB, after: ${RSS_SOAK_END} KiB"

CPU_MODEL=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# Benchmarks: filegate against nginx"
  echo
  echo "Made by \`bench/run.sh\`$([ "$QUICK" = 1 ] && echo " (BENCH_QUICK=1: short runs)") on $(date -u +%Y-%m-%d), on $(nproc) cores ($CPU_MODEL), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Debian $(cat /etc/debian_version)."
  echo "Both servers on 127.0.0.1 over the same files; nginx $(nginx -v 2>&1 | sed 's/.*\///') with 2 workers, sendfile, access log off;"
  echo "filegate Release build, rate limits and access log off, one I/O thread per core. wrk: 2 threads, 64 connections,"
  echo "${DURATION} s per run, median of $RUNS runs. filegate serves through the Feishu IM download path: bearer token checked,"
  echo "metadata looked up (cached), body by sendfile. wrk shares the two cores with the server: in the saturated rows a"
  echo "faster server leaves wrk less CPU, and wrk's own queueing shows in p99; the paced row offers both servers the same"
  echo "load below saturation (\`bench/paced.lua\`), so its latencies are the servers' own."
  echo
  echo "| path | filegate req/s | nginx req/s | ratio | filegate MiB/s | nginx MiB/s | filegate p50 / p99 ms | nginx p50 / p99 ms | p99 ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| measure | filegate | nginx | ratio |"
  echo "|---|---|---|---|"
  echo "$STREAM_ROW"
  echo "$CPU_ROW"
  echo "| ingest of ${BIG_MB} MiB, SHA-256 + CRC-64/XZ + Adler-32, staged, fsynced, committed (CLI import, no HTTP) | $INGEST MiB/s | | |"
  echo "| upload of ${BIG_MB} MiB: DingTalk signed PUT (+ SHA-256, CRC-64, Adler-32, MD5 for the OSS ETag, fsync) against nginx's PUT (no hashing, no fsync), median of $RUNS, new bytes each | $DT_PUT MiB/s | $NG_PUT MiB/s | $(ratio "$DT_PUT" "$NG_PUT") |"
  echo "| upload of ${BIG_MB} MiB: SMH signed PUT (the same, MD5 for the COS ETag) against nginx's PUT | $SMH_PUT MiB/s | $NG_PUT MiB/s | $(ratio "$SMH_PUT" "$NG_PUT") |"
  echo "| upload of ${BIG_MB} MiB: Feishu Drive chunked (4 MiB parts, sequential, then assembly; one run) against nginx's PUT | $DRIVE_UP MiB/s | $NG_PUT MiB/s | $(ratio "$DRIVE_UP" "$NG_PUT") |"
  echo "| this disk's own ceiling: ${BIG_MB} MiB written by dd with conv=fsync | $DISK_CEILING MiB/s | | |"
  echo "| the same, written as filegate stages it: dd oflag=direct bs=512K conv=fsync | $DIRECT_CEILING MiB/s | | |"
  echo "| ingest of ${BIG_MB} MiB as above (CLI import), data directory on tmpfs: memory, no device | $INGEST_RAM MiB/s | | |"
  echo "| upload of ${BIG_MB} MiB: SMH signed PUT (+ MD5) into a filegate whose data directory is on tmpfs | $SMH_UP_RAM MiB/s | | |"
  echo "| RSS idle / with 1,000 open keep-alive connections | $((RSS_IDLE_BEFORE / 1024)) / $((RSS_1000 / 1024)) MiB | | |"
  echo "| RSS before / after ${SOAK_SECONDS} s of mixed load | $((RSS_SOAK_START / 1024)) / $((RSS_SOAK_END / 1024)) MiB | | |"
  echo
  echo "## Observability A/B"
  echo
  echo "The same downloads from two more filegate servers in the same run, taking turns: **bare** has the request journal"
  echo "and the access log off; **observed** has the journal on (10,000 entries; it recorded $JOURNALED requests), the access"
  echo "log on (written to a file) and one fault rule on another endpoint (every request pays the rule lookup). Metrics are"
  echo "always on. The ratio is observed / bare: 1.00 means they cost nothing measurable."
  echo
  echo "| download | bare req/s | observed req/s | ratio | bare p50 / p99 ms | observed p50 / p99 ms |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${AB_ROWS[@]}"
} >"$REPO/docs/benchmarks.md.new"
mv "$REPO/docs/benchmarks.md.new" "$REPO/docs/benchmarks.md"
echo "== written to docs/benchmarks.md"
cat "$REPO/docs/benchmarks.md"
