#!/usr/bin/env bash
# Runs every Nimo test: unit and HTTP integration on SQLite, the same again on a throwaway PostgreSQL
# cluster this script starts and stops itself, then the browser tests in Debian's Chromium.
# Needs only the .NET SDK; installs chromium, fonts-noto-cjk, postgresql, and LibreOffice Calc with poppler-utils
# (the report sheet's .xlsx is converted to PDF in a test) with apt when they are missing.
# Exits non-zero if anything fails.  Options: --no-browser, --only-sqlite (for a quick local loop).
set -euo pipefail
cd "$(dirname "$0")"

run_browser=1
run_postgres=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) run_browser=0 ;;
    --only-sqlite) run_postgres=0; run_browser=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- 1. what the tests need from Debian ----------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# ---- 2. build once ---------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
start=$(date +%s)
echo "==> dotnet build"
dotnet build Nimo.slnx -c Release -nologo -clp:ErrorsOnly
echo "    build took $(( $(date +%s) - start ))s"

results=$(mktemp -d)
# The bad-input suite counts the inputs it tries per test; the summary adds them up per provider.
export NIMO_FUZZ_REPORT="$results/fuzz.tsv"
# The valid-submission crawler counts the forms and fields it filled per user; the summary shows them per provider.
export NIMO_VALID_REPORT="$results/valid.tsv"
failed=0
run_tests() { # name, project, then env assignments
  local name=$1 project=$2; shift 2
  echo "==> tests: $name"
  local t0; t0=$(date +%s)
  if env "$@" dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
       --results-directory "$results" 2>&1 | tee "$results/$name.log"; then :; else failed=1; fi
  # A run that found no tests is a failure too.
  grep -q "Passed!" "$results/$name.log" || failed=1
  echo "    $name took $(( $(date +%s) - t0 ))s"
}

# ---- 3. SQLite ---------------------------------------------------------------------------------------
run_tests sqlite tests/Nimo.Tests NIMO_TEST_PROVIDER=Sqlite

# ---- 4. PostgreSQL: a cluster of our own on a free port, gone when we exit -------------------------
pgdir=""
pgbin=""
stop_cluster() {
  if [ -n "$pgdir" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "$pgdir" ] && rm -rf "$pgdir"
  rm -rf "$results"
}
trap stop_cluster EXIT
# PostgreSQL refuses to run as root; when we are root the cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ $run_postgres -eq 1 ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  pgdir=$(mktemp -d /tmp/nimo-pg.XXXXXX)
  mkdir -p "$pgdir/data"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$pgdir"
  echo "==> PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  as_pg "$pgbin/initdb" -D "$pgdir/data" -U nimo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durability is pointless for a cluster that lives for one run.
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o \
    "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  # pg_dump/pg_restore of the same major version, for the backup verbs.
  PATH="$pgbin:$PATH" run_tests postgres tests/Nimo.Tests NIMO_TEST_PROVIDER=Postgres \
    "NIMO_TEST_PG=Host=127.0.0.1;Port=$port;Username=nimo;Database=postgres" PATH="$pgbin:$PATH"
fi

# ---- 5. faults: the app killed with SIGKILL during concurrent writes -----------------------------------------
# Bounded here (NIMO_FAULT_CYCLES, 10 by default on each provider); scripts/faults.sh runs the full 50 on each.
cycles=${NIMO_FAULT_CYCLES:-10}
fault_providers=sqlite
fault_pg=()
if [ $run_postgres -eq 1 ]; then fault_providers=sqlite,postgres; fault_pg=(--pg "Host=127.0.0.1;Port=$port;Username=nimo"); fi
echo "==> faults: $cycles kills during writes ($fault_providers)"
t0=$(date +%s)
if dotnet bench/Nimo.Bench/bin/Release/net10.0/Nimo.Bench.dll faults --app src/Nimo.Web/bin/Release/net10.0 --work "$results/faults" \
     --cycles "$cycles" --providers "$fault_providers" "${fault_pg[@]}" 2>&1 | tee "$results/faults.log"; then :; else failed=1; fi
echo "    faults took $(( $(date +%s) - t0 ))s"

# ---- 6. browser ----------------------------------------------------------------------------------------
if [ $run_browser -eq 1 ]; then
  run_tests browser tests/Nimo.BrowserTests NIMO_TEST_PROVIDER=Sqlite
fi

# ---- 7. summary ----------------------------------------------------------------------------------------
echo
echo "==> summary"
for log in "$results"/*.log; do
  [ -e "$log" ] || continue
  if [ "$(basename "$log")" = faults.log ]; then
    grep -E '^\| (Sqlite|Postgres) ' "$log" | awk -F'|' '{printf "    faults    %s: %s kills, %s writes acknowledged, %s lost, %s integrity failures:%s\n", $2, $3, $4, $6, $8, $10}' || echo '    faults    no result (see above)'
    continue
  fi
  printf '    %-9s %s\n' "$(basename "$log" .log)" "$(grep -Eo '(Passed|Failed)!.*Total: *[0-9]+' "$log" | tail -1 || echo 'no result (see above)')"
done
if [ -s "$results/fuzz.tsv" ]; then
  awk -F'\t' '{ n[$5] += $2; bad[$5] += $3 } END { for (p in n) printf "    bad input %s: %d inputs tried, %d failures\n", p, n[p], bad[p] }' "$results/fuzz.tsv"
fi
if [ -s "$results/valid.tsv" ]; then
  awk -F'\t' '{ f[$6] += $2; n[$6] += $3; bad[$6] += $4; if ($5 > t[$6]) t[$6] = $5; u[$6] = u[$6] sprintf(" %s %d/%d", $1, $2, $3) }
    END { for (p in f) printf "    valid     %s: %d forms, %d fields filled and submitted, %d failures, %ss (forms/fields per user:%s)\n", p, f[p], n[p], bad[p], t[p], u[p] }' "$results/valid.tsv"
fi
echo "    total time $(( $(date +%s) - start ))s"
if [ $failed -ne 0 ]; then
  echo "FAILED"
  exit 1
fi
echo "ALL PASSED"
