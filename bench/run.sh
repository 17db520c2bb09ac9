#!/usr/bin/env bash
# The RecruitSignal benchmark: the service against PostgreSQL's own limit, on this machine, in one run.
#
#   bench/run.sh            # about 2 minutes; prints a table and writes bench/results/latest.md
#
# It builds Release, starts a throwaway local PostgreSQL (scripts/local-postgres.sh), the service on
# 127.0.0.1, and loads it from a second process (bench/LoadGen). In the same run, pgbench -M prepared
# runs the exact SQL of one screening and of one assessment read against the same server, and the
# ratios service / baseline are printed. Env: BENCH_SECONDS (default 10) per phase, BENCH_CONCURRENCY
# (default 32) for the closed-loop phases.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
seconds="${BENCH_SECONDS:-10}"
concurrency="${BENCH_CONCURRENCY:-32}"
port="${BENCH_PORT:-5088}"
work="$(mktemp -d)"
results="$repo/bench/results"
mkdir -p "$results"

log() { printf '[bench] %s\n' "$*" >&2; }

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  local_pg_stop || true
  rm -rf "$work"
}
trap cleanup EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "[bench] port $port is in use; set BENCH_PORT" >&2
  exit 1
fi

log "building Release"
dotnet build src/RecruitSignal.Api -c Release -v q -nologo >/dev/null
dotnet build bench/LoadGen -c Release -v q -nologo >/dev/null
dotnet build bench/RecruitSignal.Bench -c Release -v q -nologo >/dev/null
api="dotnet src/RecruitSignal.Api/bin/Release/net10.0/RecruitSignal.Api.dll"
loadgen="dotnet bench/LoadGen/bin/Release/net10.0/RecruitSignal.LoadGen.dll"
bulk="dotnet bench/RecruitSignal.Bench/bin/Release/net10.0/RecruitSignal.Bench.dll"

local_pg_start
psql_() { "$LOCAL_PG_BIN/psql" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -d recruitsignal -v ON_ERROR_STOP=1 -qtA "$@"; }
"$LOCAL_PG_BIN/psql" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -qc "create database recruitsignal"
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Database=recruitsignal;Username=postgres"
# The per-tenant rate limit would cap the one bench tenant; the benchmark measures capacity.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimits__PermitLimit=1000000

key="$($api tenants create --name bench | grep -oE 'rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}')"
tenant="$(psql_ -c "select id from tenants where name = 'bench'")"

$api --urls "http://127.0.0.1:$port" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/service.log"; exit 1; }

load() { $loadgen "$@" --url "http://127.0.0.1:$port" --key "$key"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }

log "warm-up"
load screen saturate --seconds 3 --concurrency "$concurrency" --ids "$work/ids" >/dev/null

log "POST /v1/screenings/batch: ${BENCH_BATCHES:-10} batches of 1,000, then a binary COPY of the same rows"
rss_peak="$work/rss"
( peak=0; while kill -0 "$service_pid" 2>/dev/null; do
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$service_pid/status" 2>/dev/null || echo 0)"
    (( rss > peak )) && peak=$rss && echo "$peak" >"$rss_peak"
    sleep 0.05
  done ) &
sampler=$!
bulk_out="$($bulk "http://127.0.0.1:$port" "$key" "$ConnectionStrings__Postgres" "${BENCH_BATCHES:-10}" 1000 | tail -n 1)"
kill "$sampler" 2>/dev/null || true
bulk_rss_mib="$(( $(cat "$rss_peak" 2>/dev/null || echo 0) / 1024 ))"

# Saturation with wrk (C, light on CPU, like pgbench's own client); the fixed-rate phases with LoadGen.
wrk_json() {
  wrk -t2 -c"$concurrency" -d"${seconds}s" --latency "$@" | python3 -c '
import json, re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
lat = dict((p, ms(v, u)) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M))
errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
print(json.dumps({"throughput": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50Ms": round(lat.get("50", 0), 2), "p99Ms": round(lat.get("99", 0), 2), "errors": errors}))'
}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

log "POST /v1/screenings: saturation (wrk), $concurrency connections, ${seconds}s"
screen_sat="$(wrk_json -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$key" "$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)")"
screen_tps="$(field "$screen_sat" throughput)"
for share in 50 80; do
  rate="$(python3 -c "print(round($screen_tps * $share / 100, 1))")"
  log "POST /v1/screenings: fixed rate $rate/s (${share}%)"
  declare "screen_rate_$share=$(load screen rate --rate "$rate" --seconds "$seconds" --concurrency 256)"
done

log "GET /v1/assessments/{id}: saturation (wrk)"
psql_ -c "select id from assessments where tenant_id = '$tenant'" >"$work/ids"
read_sat="$(wrk_json -s bench/wrk/read.lua "http://127.0.0.1:$port" -- "$key" "$work/ids")"

log "pgbench -M prepared: the screening statement"
pgb() { "$LOCAL_PG_BIN/pgbench" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -n -M prepared -c "$concurrency" -j 2 -T "$seconds" "$@" recruitsignal 2>&1 | grep -oE 'tps = [0-9.]+' | grep -oE '[0-9.]+'; }
pg_screen_tps="$(pgb -D "tenant=$tenant" -f bench/pgbench/screening.sql)"

log "pgbench -M prepared: the assessment read"
psql_ -c "create table bench_ids as select row_number() over () as k, id from assessments where tenant_id = '$tenant'; alter table bench_ids add primary key (k);"
nids="$(psql_ -c "select count(*) from bench_ids")"
pg_read_tps="$(pgb -D "tenant=$tenant" -D "nids=$nids" -f bench/pgbench/read.sql)"

python3 - "$results/latest.md" <<PY
import json, sys, datetime
sat = json.loads('''$screen_sat'''); r50 = json.loads('''$screen_rate_50'''); r80 = json.loads('''$screen_rate_80''')
rd = json.loads('''$read_sat''')
bulk = json.loads('''$bulk_out''')
pg_screen = float("$pg_screen_tps"); pg_read = float("$pg_read_tps")
rows = [
    ("POST /v1/screenings, saturation", f"{sat['throughput']:.0f} req/s (p99 {sat['p99Ms']} ms, {sat['errors']} errors)", f"{pg_screen:.0f} tps (pgbench)", sat['throughput'] / pg_screen, "0.6"),
    ("POST /v1/screenings at 50% load", f"{r50['throughput']:.0f} req/s: p50 {r50['p50Ms']} ms, p99 {r50['p99Ms']} ms ({r50['errors']} errors)", "", None, "p99 < 25 ms"),
    ("POST /v1/screenings at 80% load", f"{r80['throughput']:.0f} req/s: p50 {r80['p50Ms']} ms, p99 {r80['p99Ms']} ms ({r80['errors']} errors)", "", None, ""),
    ("POST /v1/screenings/batch, 1,000 items per batch", f"{bulk['serviceItemsPerSecond']:.0f} items/s (service peak RSS {$bulk_rss_mib} MiB)", f"{bulk['copyRowsPerSecond']:.0f} rows/s (binary COPY)", bulk['serviceItemsPerSecond'] / bulk['copyRowsPerSecond'], "0.5"),
    ("GET /v1/assessments/{id}, saturation", f"{rd['throughput']:.0f} req/s (p99 {rd['p99Ms']} ms, {rd['errors']} errors)", f"{pg_read:.0f} tps (pgbench)", rd['throughput'] / pg_read, "0.8"),
]
out = [f"# RecruitSignal benchmark, {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC",
       "", f"{$seconds} s per phase, {$concurrency} connections in closed-loop phases, service, PostgreSQL and load on one 2-core machine.", "",
       "| measure | service | baseline | ratio | goal |", "|---|---|---|---|---|"]
for name, svc, base, ratio, goal in rows:
    out.append(f"| {name} | {svc} | {base} | {'' if ratio is None else f'{ratio:.2f}'} | {goal} |")
text = "\n".join(out) + "\n"
open(sys.argv[1], "w").write(text)
print(text)
PY
log "written to bench/results/latest.md"
