#!/usr/bin/env bash
# The residents' pages on their own instance (docs/deploy.md §13, ADR 0007), on loopback and thrown away at the end:
# PostgreSQL with the owner role `nimo` and the restricted role `nimo_public` (prepared by `Nimo.Web public-role`), a Staff
# instance (Nimo:Surface=Staff, demo data) and a Public instance (Nimo:Surface=Public, connected as nimo_public). The checker
# (bench/Nimo.Bench `public`) proves that the Public instance refuses every staff route (404, with or without a staff
# session), serves the residents without a cookie, hands registrations to the staff side, and that its role reads nothing
# else. Prints PASS/FAIL lines; exits non-zero on any failure. Usage: scripts/public-instance.sh [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
keep=0
[ "${1:-}" = "--keep" ] && keep=1
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
t0=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - t0 ))s)"; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "installing postgresql"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends postgresql
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

work=$(mktemp -d /tmp/nimo-public.XXXXXX)
chmod 711 "$work"
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
  if [ -f "$work/pg/data/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ $keep -eq 1 ] || [ $rc -ne 0 ]; then echo "    logs kept in $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT INT TERM
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
pg_port=$(free_port 55562)
port_staff=$(free_port 5361)
port_public=$(free_port $((port_staff + 1)))

# ---- 1. PostgreSQL: the owner and the residents' role, both by password over TCP ---------------------------------------
step "PostgreSQL on 127.0.0.1:$pg_port"
mkdir -p "$work/pg/data"
owner_password=$(openssl rand -hex 16)
public_password=$(openssl rand -hex 16)
[ "$(id -u)" -eq 0 ] && chown -R postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o \
  "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$pgbin/psql" -q -h "$work/pg" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE nimo LOGIN PASSWORD '$owner_password'" -c "CREATE ROLE nimo_public LOGIN PASSWORD '$public_password'" \
  -c "CREATE DATABASE nimo OWNER nimo ENCODING 'UTF8'"
owner="Host=127.0.0.1;Port=$pg_port;Database=nimo;Username=nimo;Password=$owner_password"
public="Host=127.0.0.1;Port=$pg_port;Database=nimo;Username=nimo_public;Password=$public_password;Maximum Pool Size=20"

# ---- 2. publish once; build the checker ---------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step "dotnet publish"
dotnet publish src/Nimo.Web -c Release -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Nimo.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
cd "$work/app"
export ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres Nimo__RequireHttps=false Nimo__Scheduling__Enabled=false
# The audit chain's key and anchors, outside the database (docs/deploy.md §9): Production makes no key of its own.
export Nimo__StateDirectory="$work/state"
install -d -m 0700 "$work/state"
(umask 077; openssl rand -base64 32 >"$work/state/audit.key")

# ---- 3. the staff side: migrate, the role's grants, and the Staff instance with the demo data --------------------------
step "migrate and public-role"
ConnectionStrings__Nimo="$owner" ./Nimo.Web migrate 2>"$work/cli.log"
ConnectionStrings__Nimo="$owner" ./Nimo.Web public-role --role nimo_public 2>>"$work/cli.log"
step "Staff instance on 127.0.0.1:$port_staff (demo data), Public instance on 127.0.0.1:$port_public"
ConnectionStrings__Nimo="$owner" Nimo__Surface=Staff Nimo__Demo=true ASPNETCORE_URLS="http://127.0.0.1:$port_staff" ./Nimo.Web >"$work/staff.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port_staff/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$port_staff/healthz" >/dev/null || { echo "the Staff instance did not start"; tail -20 "$work/staff.log"; exit 1; }
ConnectionStrings__Nimo="$public" Nimo__Surface=Public ASPNETCORE_URLS="http://127.0.0.1:$port_public" ./Nimo.Web >"$work/public.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port_public/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$port_public/healthz" >/dev/null || { echo "the Public instance did not start"; tail -20 "$work/public.log"; exit 1; }

# ---- 4. the checks -------------------------------------------------------------------------------------------------------
step "checks"
cd "$repo"
set +e
dotnet bench/Nimo.Bench/bin/Release/net10.0/Nimo.Bench.dll public --public "http://127.0.0.1:$port_public" --staff "http://127.0.0.1:$port_staff" \
  --repo "$repo" --role-db "$public"
failures=$?
set -e
# A Public instance started with the owner's role must refuse to start.
cd "$work/app"
if ConnectionStrings__Nimo="$owner" Nimo__Surface=Public ASPNETCORE_URLS="http://127.0.0.1:$(free_port 5391)" timeout 120 ./Nimo.Web >"$work/wrong-role.log" 2>&1; then
  echo "FAIL  a Public instance with the owner's role refuses to start  [it started]"; failures=$((failures + 1))
elif grep -q "can read" "$work/wrong-role.log"; then
  echo "PASS  a Public instance with the owner's role refuses to start  [$(grep -o 'can read "[A-Za-z]*"' "$work/wrong-role.log" | head -1)]"
else
  echo "FAIL  a Public instance with the owner's role refuses to start  [$(tail -1 "$work/wrong-role.log")]"; failures=$((failures + 1))
fi
echo "    total time $(( $(date +%s) - t0 ))s"
if [ $failures -ne 0 ]; then echo "FAILED ($failures)"; exit 1; fi
echo "ALL PASSED"
