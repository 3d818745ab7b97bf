#!/usr/bin/env bash
# The benchmark: publishes the app, generates the synthetic national data once per provider and size (SQLite files under
# bench/out, PostgreSQL databases in a cluster of its own under /var/tmp/nimo-bench-pg), drives bounded load with Debian's
# hey against the app on loopback, prints the table and rewrites docs/benchmarks.md.
# Usage: bench/run.sh [--providers sqlite,postgres] [--sizes 10000,100000,1000000] [--seconds 10] [--warmup 4] [--connections 16] [--notes 5] [--generate-only]
# A size's data is generated once and kept; delete bench/out/*.json (and the cluster) to generate again.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

providers=sqlite
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--providers" ] && providers=${args[$((i + 1))]:-sqlite}
done

missing=()
command -v hey >/dev/null 2>&1 || missing+=(hey)
if [[ "$providers" == *postgres* ]]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

pg_args=()
if [[ "$providers" == *postgres* ]]; then
  # A cluster of the benchmark's own, kept between runs so a generated million is not generated again. Durable settings
  # (fsync and synchronous commit on, as in production); memory sized for a 24 GiB machine shared with the app, and
  # random_page_cost for SSD as docs/deploy.md recommends.
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgdata=${NIMO_BENCH_PGDATA:-/var/tmp/nimo-bench-pg}
  pgport=${NIMO_BENCH_PGPORT:-55499}
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres "$pgdata"
    as_pg "$pgbin/initdb" -D "$pgdata" -U nimo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/log" -w -o \
    "-p $pgport -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c effective_cache_size=4GB -c random_page_cost=1.1 -c work_mem=16MB -c maintenance_work_mem=512MB -c max_connections=200 -c max_wal_size=4GB" start >/dev/null
  trap 'as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true' EXIT
  pg_args=(--pg "Host=127.0.0.1;Port=$pgport;Username=nimo;Maximum Pool Size=100")
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Nimo.Web -c Release -o bench/out/app -nologo -clp:ErrorsOnly
dotnet build bench/Nimo.Bench -c Release -nologo -clp:ErrorsOnly
dotnet bench/Nimo.Bench/bin/Release/net10.0/Nimo.Bench.dll --app bench/out/app --work bench/out --report docs/benchmarks.md "${pg_args[@]}" "$@"
