#!/usr/bin/env bash
# The benchmark: publishes the app, generates the synthetic national data once per size (kept in bench/out),
# drives bounded load with Debian's hey against the app on loopback, prints the table and rewrites docs/benchmarks.md.
# Usage: bench/run.sh [--sizes 10000,100000,1000000] [--seconds 10] [--connections 16] [--notes 5]
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hey >/dev/null 2>&1 || { as_root apt-get update -q; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends hey; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Nimo.Web -c Release -o bench/out/app -nologo -clp:ErrorsOnly
dotnet build bench/Nimo.Bench -c Release -nologo -clp:ErrorsOnly
dotnet bench/Nimo.Bench/bin/Release/net10.0/Nimo.Bench.dll --app bench/out/app --work bench/out --report docs/benchmarks.md "$@"
