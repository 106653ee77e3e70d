#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster listening on loopback only.
# The cluster lives in a temporary folder and is stopped and removed afterwards, whatever happens.
# Usage: with_postgres.sh COMMAND [ARGS...]   (HIWAR_DATABASE_URL is set for the command)
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
workdir=$(mktemp -d /tmp/hiwar-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  chown postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
"${as_owner[@]}" "$pgbin/initdb" -D "$workdir/data" -U hiwar -A trust -E UTF8 --no-sync >/dev/null
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$workdir/data" -l "$workdir/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c full_page_writes=off" \
  start >/dev/null
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U hiwar hiwar
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
HIWAR_DATABASE_URL="postgres://hiwar@127.0.0.1:$port/hiwar" "$@"
