#!/usr/bin/env bash
# The bad-input suite (tests/Nimo.Tests/Robustness) in its long form: every form, route id, query string and import of
# the app fed NIMO_FUZZ_ITERATIONS inputs each (20000 unless given), on SQLite and, when NIMO_TEST_PG names a
# PostgreSQL admin connection string, on PostgreSQL too. Prints the inputs tried per test; exits non-zero on any failure.
# CI runs the same tests in their bounded form as part of ./test.sh.
#   scripts/fuzz.sh                         # SQLite, 20000 inputs per test
#   NIMO_FUZZ_ITERATIONS=100000 scripts/fuzz.sh
#   NIMO_TEST_PG='Host=127.0.0.1;Port=55432;Username=nimo;Database=postgres' scripts/fuzz.sh
#   NIMO_FUZZ_SEED=<seed printed by a failure> scripts/fuzz.sh   # replays a CsCheck sample
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export NIMO_FUZZ_ITERATIONS="${NIMO_FUZZ_ITERATIONS:-20000}"
report=$(mktemp /tmp/nimo-fuzz.XXXXXX.tsv)
export NIMO_FUZZ_REPORT="$report"

dotnet build Nimo.slnx -c Release -nologo -clp:ErrorsOnly
failed=0
providers=(Sqlite)
[ -n "${NIMO_TEST_PG:-}" ] && providers+=(Postgres)
for provider in "${providers[@]}"; do
  echo "==> bad-input suite on $provider, NIMO_FUZZ_ITERATIONS=$NIMO_FUZZ_ITERATIONS"
  NIMO_TEST_PROVIDER=$provider dotnet test tests/Nimo.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~Nimo.Tests.Robustness" --logger "console;verbosity=normal" || failed=1
done

echo
echo "==> inputs tried"
printf '%-10s %-16s %12s %9s %9s\n' provider test inputs failures seconds
sort -t$'\t' -k5,5 -k1,1 "$report" | awk -F'\t' '{ printf "%-10s %-16s %12s %9s %9s\n", $5, $1, $2, $3, $4; total += $2; bad += $3 }
  END { printf "%-10s %-16s %12s %9s\n", "total", "", total, bad }'
echo "    report: $report"
exit $failed
