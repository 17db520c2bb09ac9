#!/usr/bin/env bash
# Regenerates the checked-in OpenAPI document and the typed C# client from the current code, in one step.
#
# Run it after any change to an endpoint, a contract record or the document transformers (and at merge time,
# when branches add endpoints): the test suite fails while src/RecruitSignal.Api/openapi/v1.json or
# src/RecruitSignal.Client/RecruitSignalClient.g.cs differs from what the code produces, naming this script.
#
#   1. builds the service: the build writes the document to src/RecruitSignal.Api/obj/openapi/v1.json
#      (Microsoft.Extensions.ApiDescription.Server starts the app without a database, see ApiDocs/BuildTimeDocument.cs);
#   2. copies it to src/RecruitSignal.Api/openapi/v1.json, the checked-in contract;
#   3. runs NSwag (the local tool in .config/dotnet-tools.json) with src/RecruitSignal.Client/nswag.json;
#   4. builds the client.
# Then commit both files.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
log() { printf '[regenerate] %s\n' "$*" >&2; }

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

log "building the service (writes the OpenAPI document)"
dotnet build src/RecruitSignal.Api -c Release --nologo -v quiet
cp src/RecruitSignal.Api/obj/openapi/v1.json src/RecruitSignal.Api/openapi/v1.json
log "src/RecruitSignal.Api/openapi/v1.json updated"

log "generating the C# client with NSwag"
dotnet tool restore >/dev/null
(cd src/RecruitSignal.Client && dotnet nswag run nswag.json >/dev/null)
dotnet build src/RecruitSignal.Client -c Release --nologo -v quiet
log "src/RecruitSignal.Client/RecruitSignalClient.g.cs updated"

git status --short -- src/RecruitSignal.Api/openapi src/RecruitSignal.Client
