#!/usr/bin/env bash
# Benchmark, not a test: bulk screening items per second over HTTP next to a raw binary COPY of the
# same rows into the three tables a screening writes, in the same run and on the same database.
#
#   bench/bulk.sh                 # 5 batches of 1,000 items
#   BATCHES=10 bench/bulk.sh
#   SCREEN_SECONDS=40 WARMUP=5 BATCHES=10 bench/bulk.sh   # bench/run.sh's bulk phase, cheaply: screenings first, then
#                                 # the batches, then a minute idle; prints the service's RSS base, peak and 60 s after
#
# Builds Release, starts a throwaway PostgreSQL (scripts/local-postgres.sh), migrates it, creates a
# tenant, runs the service on 127.0.0.1, then runs bench/RecruitSignal.Bench. Everything is removed
# at the end. Numbers depend on the machine; compare them within one run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
batches="${BATCHES:-5}"
screen_seconds="${SCREEN_SECONDS:-0}" # screenings (bench/LoadGen, 32 workers) before the batches, as bench/run.sh's phases
warmup="${WARMUP:-0}"                 # seconds of warm-up batches
port="${BENCH_PORT:-5099}"

log() { printf '[bench] %s\n' "$*" >&2; }

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"

service_pid=""
sampler=""
work="$(mktemp -d)"
cleanup() {
  [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null
  rm -rf "$work"
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  local_pg_stop || true
}
trap cleanup EXIT

log "building (Release)"
dotnet build src/RecruitSignal.Api/RecruitSignal.Api.csproj -c Release --nologo -v quiet
dotnet build bench/RecruitSignal.Bench/RecruitSignal.Bench.csproj -c Release --nologo -v quiet
[[ "$screen_seconds" == 0 ]] || dotnet build bench/LoadGen -c Release --nologo -v quiet

local_pg_start
"$LOCAL_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -d postgres -c 'CREATE DATABASE recruitsignal_bench'
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Database=recruitsignal_bench;Username=postgres"
# The benchmark is one tenant sending as fast as it can: lift the per-tenant request limit.
export RateLimits__PermitLimit=1000000 Logging__LogLevel__Default=Warning

api=(dotnet src/RecruitSignal.Api/bin/Release/net10.0/RecruitSignal.Api.dll)
"${api[@]}" migrate >/dev/null
key="$("${api[@]}" tenants create --name bench | grep -oE 'rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}' | head -n 1)"
[[ -n "$key" ]] || { log "no API key from 'tenants create'"; exit 1; }

"${api[@]}" --urls "http://127.0.0.1:$port" &
service_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { log "the service did not become ready"; exit 1; }

if [[ "$screen_seconds" != 0 ]]; then
  log "screenings for ${screen_seconds}s (LoadGen, 32 workers)"
  dotnet bench/LoadGen/bin/Release/net10.0/RecruitSignal.LoadGen.dll screen saturate --url "http://127.0.0.1:$port" --key "$key" \
    --concurrency 32 --seconds "$screen_seconds" --tag bulk-screen --seed 12 >&2
fi

# The service's RSS every 100 ms from 5 s before the first batch to 60 s after the last, as bench/run.sh does (bench/rss.py).
python3 bench/rss.py sample "$service_pid" "$work/rss" &
sampler=$!
sleep 5
log "running ${warmup}s of warm-up batches, then $batches batches of 1,000 items"
start="$(date +%s.%N)"
out="$(dotnet bench/RecruitSignal.Bench/bin/Release/net10.0/RecruitSignal.Bench.dll \
  "http://127.0.0.1:$port" "$key" "$ConnectionStrings__Postgres" "$batches" 1000 "$warmup")"
printf '%s\n' "$out"
last="$(tail -n 1 <<<"$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lastBatchAt"])')"
sleep "$(python3 -c "import time; print(round(max(0.0, $last + 60.5 - time.time()), 1))")"
python3 bench/rss.py summary "$work/rss" "$start" "$last"
