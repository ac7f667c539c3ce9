#!/usr/bin/env bash
# A one-node Ceph object store speaking S3 on 127.0.0.1, for the tests of filegate's S3 client (and by hand):
# one monitor, one OSD (memstore: objects in memory, gone at stop; STORE=bluestore for a file-backed one), the RADOS
# Gateway, and an S3 user. No manager daemon, no cephx: nothing listens beyond loopback.
#
#   scripts/ceph-s3.sh start   prints the S3 endpoint (http://127.0.0.1:<RGW_PORT>) on stdout once S3 answers
#   scripts/ceph-s3.sh stop    kills the daemons of $BASE by the PIDs in their pid files, leaves $BASE (logs)
#
# Environment: BASE (everything lives here; default $TMPDIR/filegate-ceph-s3; `start` empties it first),
# RGW_PORT (S3, default 7480), MON_PORT and MON2_PORT (the monitor's msgr v1 and v2 ports, default 6789 and 3300),
# ACCESS_KEY and SECRET_KEY of the S3 user (default testaccesskey / testsecretkey), MEMSTORE_BYTES (what the memstore
# holds, default 1 GiB of RAM). Two stores at once need two
# BASEs and three free ports each. The daemons run as the calling user (root included: no --setuser is passed, so
# they never switch to the packages' `ceph` user and need no ownership change of BASE).
# Packages: ceph-mon ceph-osd radosgw ceph-common (scripts/install-deps.sh). Cold start: about 15 s on 2 cores.
set -euo pipefail

base=${BASE:-${TMPDIR:-/tmp}/filegate-ceph-s3}
rgw_port=${RGW_PORT:-7480}
mon_port=${MON_PORT:-6789}
mon2_port=${MON2_PORT:-3300}
daemons=(rgw osd.0 mon.a)

# A PID from a pid file is ours only while that process still runs with this BASE's ceph.conf: a stale file (after a
# reboot, a crash) may name an unrelated process by now, which is left alone.
ours() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "-c $base/ceph.conf"; }

# Still running: neither gone nor a zombie (a killed daemon stays one until the process that adopted it reaps it).
running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]; }

# Killed outright: `start` always begins from an empty BASE, so nothing a graceful shutdown would save is ever read
# again, and the daemons take seconds each to stop on SIGTERM (minutes when all get it at once).
stop() {
  for name in "${daemons[@]}"; do
    local pid waited=0
    pid=$(cat "$base/run/$name.pid" 2>/dev/null) || continue
    if [[ $pid =~ ^[0-9]+$ ]] && ours "$pid" && kill -9 "$pid" 2>/dev/null; then
      while running "$pid" && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    fi
    rm -f "$base/run/$name.pid"
  done
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

for tool in monmaptool ceph-mon ceph-osd radosgw radosgw-admin ceph curl; do
  command -v "$tool" >/dev/null || { echo "ceph-s3.sh: $tool not found; run scripts/install-deps.sh" >&2; exit 3; }
done

deadline=$((SECONDS + 170))
wait_for() {  # command...: retried until it succeeds or the start's deadline passes
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge "$deadline" ]; then echo "ceph-s3.sh: timed out waiting for: $*" >&2; return 1; fi
    sleep 0.5
  done
}
# A failed start leaves nothing running, and says where the logs are.
trap 'status=$?; if [ $status -ne 0 ]; then stop; echo "ceph-s3.sh: start failed, logs in $base/log" >&2; fi' EXIT

stop  # a previous store of this BASE
rm -rf "$base"
mkdir -p "$base"/{mon.a,osd.0,run,log,rgw}
fsid=$(cat /proc/sys/kernel/random/uuid)
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
mon_addrs="[v2:127.0.0.1:$mon2_port,v1:127.0.0.1:$mon_port]"
conf="$base/ceph.conf"
cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = $mon_addrs
public network = 127.0.0.1/32
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
keyring = /dev/null
run dir = $base/run
admin socket = $base/run/\$name.asok
pid file = $base/run/\$name.pid
log file = $base/log/\$name.log
# One OSD: every pool keeps one copy, and the monitor accepts that.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
# A nearly full disk (a CI runner's) must not stop the monitor.
mon data avail crit = 0
[mon.a]
mon data = $base/mon.a
public addrv = $mon_addrs
[osd]
osd data = $base/osd.0
osd objectstore = ${STORE:-memstore}
memstore device bytes = ${MEMSTORE_BYTES:-1073741824}
bluestore block path = $base/osd.0/block.file
bluestore block create = true
bluestore block size = 4294967296
osd memory target = 939524096
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
# Deleted objects and aborted multipart uploads give their space back within a minute, not two hours: the memstore
# is small, and large uploads that turn out to be stored already abort the parts they streamed.
rgw gc obj min wait = 30
rgw gc processor period = 30
rgw data = $base/rgw
CONF

ceph=(ceph -c "$conf" --connect-timeout 5)
monmaptool --create --fsid "$fsid" --addv a "$mon_addrs" "$base/monmap" >/dev/null
ceph-mon -c "$conf" --mkfs -i a --monmap "$base/monmap"
ceph-mon -c "$conf" -i a  # daemonises; its pid file is run/mon.a.pid
wait_for timeout 10 "${ceph[@]}" mon stat
[ "$(timeout 30 "${ceph[@]}" osd new "$osd_uuid")" = 0 ]
ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" 2>>"$base/log/osd-mkfs.err"
ceph-osd -c "$conf" -i 0 2>>"$base/log/osd.err"  # daemonises; run/osd.0.pid
osd_up() { timeout 10 "${ceph[@]}" osd dump 2>/dev/null | grep '^osd.0 up' >/dev/null; }
wait_for osd_up
# The gateway stays in the foreground (-f) in its own session, so its PID is known here.
setsid radosgw -c "$conf" -n client.rgw.a -f </dev/null >"$base/log/rgw.out" 2>&1 &
echo $! >"$base/run/rgw.pid"
wait_for curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$rgw_port/"
timeout 60 radosgw-admin -c "$conf" user create --uid=filegate --display-name=filegate \
  --access-key="${ACCESS_KEY:-testaccesskey}" --secret-key="${SECRET_KEY:-testsecretkey}" >/dev/null
echo "ceph-s3.sh: S3 ready after ${SECONDS}s" >&2
echo "http://127.0.0.1:$rgw_port"
