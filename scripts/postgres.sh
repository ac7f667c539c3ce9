#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: `postgres.sh start DIR PORT` makes a cluster in DIR listening on
# 127.0.0.1:PORT (and a socket in DIR), creates the database `filegate` and prints its connection URL;
# `postgres.sh stop DIR` stops it by the PID in its pid file and removes DIR. Nothing outside DIR is touched.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user the Debian package creates.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/postgres" ] || { echo "postgres.sh: no PostgreSQL server found; run scripts/install-deps.sh" >&2; exit 1; }

as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)

case "${1:-}" in
start)
  dir=${2:?usage: postgres.sh start DIR PORT}
  port=${3:?usage: postgres.sh start DIR PORT}
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    # The server's user must reach DIR: a private temp dir above it (mktemp -d) gets search permission, no more.
    chmod o+x "$(dirname "$(realpath "$dir")")"
  fi
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U filegate --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  # fsync stays on: the tests check what the store promises, durability included.
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null
  "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U filegate filegate
  echo "postgresql://filegate@127.0.0.1:$port/filegate"
  ;;
stop)
  dir=${2:?usage: postgres.sh stop DIR}
  if pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null); then
    kill -INT "$pid" 2>/dev/null || true  # fast shutdown
    timeout 30 tail --pid="$pid" -f /dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres.sh start DIR PORT | stop DIR" >&2
  exit 2
  ;;
esac
