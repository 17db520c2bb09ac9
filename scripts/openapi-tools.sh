#!/usr/bin/env bash
# Installs what the OpenAPI contract tests run besides dotnet: the npm tools of tools/openapi (Spectral, Redocly,
# openapi-typescript, TypeScript; versions pinned by its package-lock.json) and the local dotnet tools of
# .config/dotnet-tools.json (NSwag, which regenerates the C# client). Does nothing when they are current.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
log() { printf '[openapi-tools] %s\n' "$*" >&2; }

dotnet tool restore >/dev/null

tools="tools/openapi"
# npm ci rewrites node_modules/.package-lock.json: when it is newer than package-lock.json, the install is current.
if [[ "$tools/node_modules/.package-lock.json" -nt "$tools/package-lock.json" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "ERROR: npm is not on PATH; the OpenAPI lint and TypeScript checks need Node.js 20.19 or later with npm"
  exit 1
fi

log "installing $tools (npm ci)"
npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
