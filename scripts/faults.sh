#!/usr/bin/env bash
# The fault and bad-input suites in full: 50 SIGKILLs during concurrent writes on SQLite and on PostgreSQL, and the
# property/fuzz tests with NIMO_FUZZ_ITERATIONS inputs each, on both providers. The same suites run bounded in ./test.sh.
# Usage: scripts/faults.sh [--cycles 50] [--fuzz 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=50
fuzz=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) cycles=$2; shift 2 ;;
    --fuzz) fuzz=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
NIMO_FAULT_CYCLES=$cycles NIMO_FUZZ_ITERATIONS=$fuzz exec ./test.sh --no-browser
