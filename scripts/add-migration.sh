#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets (see docs/decisions/0002).
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet tool run dotnet-ef migrations add "$name" --project src/Nimo.Web --context "${provider}NimoDbContext" \
    --output-dir "Platform/Data/Migrations/$provider" --namespace "Nimo.Platform.Data.Migrations.$provider"
done
