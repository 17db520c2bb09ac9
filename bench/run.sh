#!/usr/bin/env bash
# The RecruitSignal benchmark: the service against PostgreSQL's own limit, on this machine, in one run.
#
#   bench/run.sh                                   # about 20 minutes; writes bench/results/<time>-<commit>.md
#   BENCH_WARMUP=5 BENCH_SECONDS=5 bench/run.sh    # a quick smoke run (its figures are not to be quoted)
#
# Self-contained and bounded: it builds Release, installs wrk if missing, starts its own throwaway PostgreSQL
# (scripts/local-postgres.sh, 127.0.0.1, with pg_stat_statements), the service on 127.0.0.1, and removes all of
# it at the end; the whole run is stopped after BENCH_TIMEOUT seconds (default 2400).
#
# Every measured phase follows a warm-up of BENCH_WARMUP seconds (default 30) of the same load, so the service
# is measured after tiered JIT and PGO have settled, and PostgreSQL's backends are warm. Each phase reads CPU
# time from /proc (bench/procstat.py) for the service and for all PostgreSQL processes before and after, and
# prints it per request beside the throughput. Screenings are new candidates: externalIds carry the phase's
# tag and only grow, and the evidence comes from a random generator seeded with BENCH_SEED.
#
# Phases: screenings at saturation for one tenant and for BENCH_TENANTS (8) tenants (wrk, BENCH_CONCURRENCY
# connections), the same with a new Idempotency-Key on each, and retries replaying stored answers; open-loop
# latency at 50 % and 80 % of the one-tenant saturation (both measured with bench/LoadGen), and the same for the bare
# service of shared/perf-ceiling.md (bench/Bare: the screening's statements behind a minimal API) at 50 % and 80 % of its own; the assessment
# read at saturation; the paths integrations take, each at saturation (the page with bench/LoadGen, Greenhouse's calls with
# wrk) and with its round trips on the wire (bench/LoadGen): the candidate page's answer (GET /c/{token}, then POST /c/{token}/handle with the antiforgery cookie and token, over
# invitations made before the phase), Greenhouse's send_test (a new order each time) and test_status (reads of the orders
# send_test placed); bulk batches of 1,000 beside a binary COPY of the same rows (peak RSS of the service); and,
# in the same run, pgbench -M prepared running the statements the service sends (bench/pgbench/*.sql, listed
# beside the service's own from pg_stat_statements in the result so any difference shows) for one and for 8
# tenants (with and without the key's statements), the replay, the read, the page's answer, send_test and test_status. Round trips per screening, with and
# without a key, are counted on the wire (TCP segments sent to PostgreSQL,
# ss -ti) during sequential screenings, less what the idle service sends in the same time.
#
# Env: BENCH_SECONDS (20) measured seconds per phase, BENCH_WARMUP (30), BENCH_CONCURRENCY (32), BENCH_TENANTS (8),
# BENCH_BATCHES (10) measured bulk batches, BENCH_SEED (12), BENCH_PORT (5088), BENCH_TIMEOUT (2400), BENCH_PATHS (1; 0 leaves out
# the paths integrations take, page, send-test and test-status with their baselines: about 6 minutes at the defaults).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${BENCH_BOUNDED:-}" ]]; then
  BENCH_BOUNDED=1 exec timeout -k 15 "${BENCH_TIMEOUT:-2400}" bash "$repo/bench/run.sh" "$@"
fi
cd "$repo"
seconds="${BENCH_SECONDS:-20}"
warmup="${BENCH_WARMUP:-30}"
concurrency="${BENCH_CONCURRENCY:-32}"
tenants="${BENCH_TENANTS:-8}"
batches="${BENCH_BATCHES:-10}"
seed="${BENCH_SEED:-12}"
port="${BENCH_PORT:-5088}"
work="$(mktemp -d)"
results="$repo/bench/results"
mkdir -p "$results"

log() { printf '[bench] %s\n' "$*" >&2; }

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"
service_pid=""
sampler=""
bare_pid=""
cleanup() {
  [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null
  [[ -n "$bare_pid" ]] && kill "$bare_pid" 2>/dev/null
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  local_pg_stop || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  log "port $port is in use; set BENCH_PORT"
  exit 1
fi

command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
# What is measured: the commit, and whether the working tree differed from it when the build started.
label="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src db || echo '+changes')"
log "building Release ($label)"
dotnet build src/RecruitSignal.Api -c Release -v q -nologo >/dev/null
dotnet build bench/LoadGen -c Release -v q -nologo >/dev/null
dotnet build bench/RecruitSignal.Bench -c Release -v q -nologo >/dev/null
dotnet build bench/Bare -c Release -v q -nologo >/dev/null
api="dotnet src/RecruitSignal.Api/bin/Release/net10.0/RecruitSignal.Api.dll"
loadgen="dotnet bench/LoadGen/bin/Release/net10.0/RecruitSignal.LoadGen.dll"
bulk="dotnet bench/RecruitSignal.Bench/bin/Release/net10.0/RecruitSignal.Bench.dll"
bare="dotnet bench/Bare/bin/Release/net10.0/RecruitSignal.Bare.dll"

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
LOCAL_PG_EXTRA_CONF="shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all" local_pg_start
pgdata="$LOCAL_PG_DIR/data"
psql_() { "$LOCAL_PG_BIN/psql" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -d recruitsignal -v ON_ERROR_STOP=1 -qtAX "$@"; }
"$LOCAL_PG_BIN/psql" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -qc "create database recruitsignal"
psql_ -c "create extension pg_stat_statements"
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Database=recruitsignal;Username=postgres"
# The per-tenant rate limit would cap the bench tenants; the benchmark measures capacity.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimits__PermitLimit=1000000
# The paths integrations take: the page's per-address limit would cap its answers (they come from 8 loopback addresses);
# send_test queues an invitation email, so it needs an SMTP server (none is sent: the sender is off), and names a
# callback on 127.0.0.1 (nothing is called back: the PATCH follows a candidate's answer, and none is given to those orders).
export CandidatePages__PerAddressPerMinute=100000 Smtp__Host=127.0.0.1 Smtp__From="RecruitSignal <bench@recruitsignal.test>" \
  Smtp__SenderEnabled=false Greenhouse__CallbackHosts=127.0.0.1 Greenhouse__AllowPrivateTargets=true

for i in $(seq 1 "$tenants"); do
  $api tenants create --name "bench-$i" | grep -oE 'rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}' >>"$work/keys"
done
head -n 1 "$work/keys" >"$work/key1"
key="$(cat "$work/key1")"
tenant="$(psql_ -c "select id from tenants where name = 'bench-1'")"

$api --urls "http://127.0.0.1:$port" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/service.log"; exit 1; }

record() { printf '%s\n' "$1" >>"$work/results.jsonl"; }
cpu() { python3 bench/procstat.py cpu "$service_pid" "$pgdata"; }
# CPU ms per request over a phase: cpu_per BEFORE AFTER REQUESTS -> {"serviceCpuMs":..,"postgresCpuMs":..}
cpu_per() {
  python3 -c 'import json,sys; a=sys.argv[1].split(); b=sys.argv[2].split(); n=max(float(sys.argv[3]),1)
print(json.dumps({"serviceCpuMs": round((float(b[0])-float(a[0]))/n, 3), "postgresCpuMs": round((float(b[1])-float(a[1]))/n, 3)}))' "$1" "$2" "$3"
}
merge() { python3 -c 'import json,sys; d={}; [d.update(json.loads(a)) for a in sys.argv[1:]]; print(json.dumps(d))' "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }
# The statements PostgreSQL ran since the last reset, per request: what the phase really sent.
statements() { # NAME REQUESTS
  psql_ -F $'\t' -c "select round(calls::numeric / $2, 2), regexp_replace(query, '\s+', ' ', 'g') from pg_stat_statements
    where calls >= 0.05 * $2 and query not like '%pg_stat_statements%' order by calls desc, query" >"$work/statements-$1.tsv"
}
reset_statements() { psql_ -c "select pg_stat_statements_reset()" >/dev/null; }

wrk_json() { # DURATION wrk-args...
  local duration="$1"; shift
  wrk -t2 -c"$concurrency" -d"${duration}s" --latency "$@" | python3 -c '
import json, re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
lat = dict((p, ms(v, u)) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M))
errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
print(json.dumps({"requests": int(re.search(r"(\d+) requests in", text).group(1)),
                  "throughput": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50Ms": round(lat.get("50", 0), 2), "p99Ms": round(lat.get("99", 0), 2), "errors": errors}))'
}
# A saturation phase: warm-up with the same load, then measured with CPU readings around it.
saturate() { # NAME STATEMENTS(yes|no) wrk-args-with-{tag}...
  local name="$1" stats="$2"; shift 2
  log "$name: ${warmup}s warm-up, ${seconds}s measured (wrk, $concurrency connections; load $(cut -d' ' -f1 /proc/loadavg))"
  wrk_json "$warmup" "${@//\{tag\}/$name-warm}" >/dev/null
  [[ "$stats" == yes ]] && reset_statements
  local before after out
  before="$(cpu)"
  out="$(wrk_json "$seconds" "${@//\{tag\}/$name}")"
  after="$(cpu)"
  [[ "$stats" == yes ]] && statements "$name" "$(field "$out" requests)"
  record "$(merge "{\"phase\":\"$name\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" "$out" "$(cpu_per "$before" "$after" "$(field "$out" requests)")")"
  printf '%s\n' "$out"
}
observed="$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)"

screen_1="$(saturate screen-1 yes -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$work/key1" "$observed" "{tag}" "$seed")"
screen_tps="$(field "$screen_1" throughput)"

# Round trips per screening on the wire: sequential screenings, less what the idle service sends in as long.
wire() { # NAME loadgen-args...
  local name="$1"; shift
  log "round trips per screening on the wire ($name): 5 s idle, then sequential screenings for 5 s"
  local s0 s1 s2 sequential
  s0="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"; sleep 5; s1="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"
  sequential="$($loadgen screen saturate --url "http://127.0.0.1:$port" --key "$key" --concurrency 1 --seconds 5 --tag "$name" --seed "$seed" "$@")"
  s2="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"
  record "$(python3 -c 'import json,sys; s0,s1,s2=map(int,sys.argv[1:4]); r=json.loads(sys.argv[4])
idle=(s1-s0)/5*r["seconds"]; print(json.dumps({"phase":sys.argv[5],"requests":r["requests"],"segments":s2-s1,"idleSegments":round(idle,1),
"roundTripsPerScreening":round((s2-s1-idle)/r["requests"],2)}))' "$s0" "$s1" "$s2" "$sequential" "$name")"
}
wire wire
wire wire-key --idempotency

saturate "screen-$tenants" no -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$work/keys" "$observed" "{tag}" "$seed" >/dev/null
# The same with an Idempotency-Key on every screening, as the README asks of an ATS; then retries of 100 stored answers
# (the warm-up writes them, the measured seconds replay them: one tag for both).
screen_key_tps="$(field "$(saturate screen-key-1 yes -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$work/key1" "$observed" "{tag}" "$seed" key)" throughput)"
saturate "screen-key-$tenants" no -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$work/keys" "$observed" "{tag}" "$seed" key >/dev/null
saturate replay yes -s bench/wrk/screening.lua "http://127.0.0.1:$port" -- "$work/key1" "$observed" replay "$seed" replay >/dev/null

# Open-loop latency, for the service and for the bare service (bench/Bare, shared/perf-ceiling.md: the screening's
# statements behind a minimal API), each at 50 % and 80 % of its own saturation. Both saturations are measured with
# bench/LoadGen itself (closed loop, BENCH_CONCURRENCY workers) and not with wrk: the generator shares the 2 cores,
# and LoadGen costs more CPU per request than wrk, so a share of wrk's throughput is more than that share of what
# the machine can do with LoadGen on it.
loadgen_saturate() { # NAME URL: LoadGen closed loop, 10 s of warm-up (the service is warm already) then measured
  log "$1: LoadGen closed loop, $concurrency workers, 10s warm-up, ${seconds}s measured"
  $loadgen screen saturate --url "$2" --key "$key" --concurrency "$concurrency" --seconds 10 --tag "$1-warm" --seed "$seed" >/dev/null
  local out
  out="$($loadgen screen saturate --url "$2" --key "$key" --concurrency "$concurrency" --seconds "$seconds" --tag "$1" --seed "$seed")"
  record "$(merge "{\"phase\":\"$1\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" "$out")"
  field "$out" throughput
}
open_loop() { # NAME URL RATE: the open-loop latency phase of bench/LoadGen at RATE requests/s
  log "$1: $3/s open loop, ${warmup}s warm-up, ${seconds}s measured (load $(cut -d' ' -f1 /proc/loadavg))"
  local out
  out="$($loadgen screen rate --url "$2" --key "$key" --rate "$3" --warmup "$warmup" --seconds "$seconds" \
    --concurrency 256 --tag "$1" --seed "$seed")"
  record "$(merge "{\"phase\":\"$1\",\"rate\":$3,\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" "$out")"
}
open_loop_at_shares() { # PREFIX URL SATURATION
  for share in 50 80; do
    open_loop "$1rate-$share" "$2" "$(python3 -c "print(round($3 * $share / 100, 1))")"
  done
}
open_loop_at_shares "" "http://127.0.0.1:$port" "$(loadgen_saturate loadgen-1 "http://127.0.0.1:$port")"

bare_port=$((port + 1))
BARE_TENANT="$tenant" BARE_SCRIPT=bench/pgbench/screening.sql $bare --urls "http://127.0.0.1:$bare_port" >"$work/bare.log" 2>&1 &
bare_pid=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$bare_port/v1/screenings" 2>/dev/null && break
  sleep 0.5
done
saturate bare-1 no -s bench/wrk/screening.lua "http://127.0.0.1:$bare_port" -- "$work/key1" "$observed" "{tag}" "$seed" >/dev/null
open_loop_at_shares bare- "http://127.0.0.1:$bare_port" "$(loadgen_saturate bare-loadgen-1 "http://127.0.0.1:$bare_port")"
kill "$bare_pid" 2>/dev/null || true
wait "$bare_pid" 2>/dev/null || true
bare_pid=""

psql_ -c "select id from assessments where tenant_id = '$tenant'" >"$work/ids"
saturate read yes -s bench/wrk/read.lua "http://127.0.0.1:$port" -- "$key" "$work/ids" "$seed" >/dev/null

# The paths integrations take. The page's answers are driven by bench/LoadGen (wrk cannot carry a page's cookie and form
# token to its POST): BENCH_CONCURRENCY workers back to back, a warm-up then the measured seconds with CPU readings
# around them, as saturate() does for wrk.
paths="${BENCH_PATHS:-1}"
if [[ "$paths" == 1 ]]; then
  loadgen_warm() { # NAME loadgen-args-with-{tag}... -> the warm-up's measurements
    log "$1: ${warmup}s warm-up, ${seconds}s measured (LoadGen, $concurrency workers; load $(cut -d' ' -f1 /proc/loadavg))"
    local name="$1"; shift
    $loadgen "${@//\{tag\}/$name-warm}" --url "http://127.0.0.1:$port" --concurrency "$concurrency" --seconds "$warmup" --seed "$seed" --tag "$name-warm"
  }
  loadgen_measure() { # NAME loadgen-args-with-{tag}...
    local name="$1"; shift
    reset_statements
    local before after out
    before="$(cpu)"
    out="$($loadgen "${@//\{tag\}/$name}" --url "http://127.0.0.1:$port" --concurrency "$concurrency" --seconds "$seconds" --seed "$seed" --tag "$name")"
    after="$(cpu)"
    statements "$name" "$(field "$out" requests)"
    record "$(merge "{\"phase\":\"$name\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" "$out" "$(cpu_per "$before" "$after" "$(field "$out" requests)")")"
    printf '%s\n' "$out"
  }
  # Each invitation is answered once: a pool of COUNT made beforehand, one per candidate of bench-1 never invited.
  page_pool() { # NAME COUNT -> $work/tokens-NAME
    psql_ -c "select c.id from candidates c where c.tenant_id = '$tenant' and not exists (select 1 from candidate_invitations i
      where i.tenant_id = c.tenant_id and i.candidate_id = c.id) limit $2" >"$work/candidates-$1"
    $loadgen page setup --url "http://127.0.0.1:$port" --key "$key" --ids "$work/candidates-$1" --concurrency "$concurrency" >"$work/tokens-$1"
  }
  answered() { python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(max(r["requests"]-r["errors"],0)/max(r["seconds"],1))' "$1"; }
  ran_out() { python3 -c 'import json,sys; print(3 if json.loads(sys.argv[1])["errors"] else 1.5)' "$1"; }
  # The warm-up's pool is sized from the fastest screening phase (an answer screens too, and more), the measured one from
  # the warm-up's answers, three times over if the warm-up ran out (its rate is then only a floor); a pool that runs out
  # shows as errors. Sized from 0.6 of screen-1's rate, the pools of a run whose screen-1 was slow ran out (11,501 errors).
  page_pool page-warm "$(python3 -c "print(int(max($screen_tps, $screen_key_tps) * $warmup) + 200)")"
  page_warm="$(loadgen_warm page page saturate --key "$key" --ids "$work/tokens-{tag}")"
  page_pool page "$(python3 -c "print(int($(answered "$page_warm") * $seconds * $(ran_out "$page_warm")) + 200)")"
  page_out="$(loadgen_measure page page saturate --key "$key" --ids "$work/tokens-{tag}")"
  page_pool wire-page "$(python3 -c "print(int($(answered "$page_out") * 5 * 1.5) + 200)")" # sequential, at most as fast

  # Greenhouse calls with a key of its own scope, as Basic username; test_status reads the orders send_test placed. The
  # round trips of both are counted with bench/LoadGen, which sends the same requests.
  greenhouse_key="$(curl -fsS -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"name":"bench-greenhouse","scopes":["greenhouse"]}' "http://127.0.0.1:$port/v1/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
  # wrk, as the other saturation phases: the load generator's own CPU per request weighs on requests this cheap.
  basic="Basic $(printf '%s:' "$greenhouse_key" | base64 -w0)"
  saturate send-test yes -s bench/wrk/send-test.lua "http://127.0.0.1:$port" -- "$basic" "{tag}" >/dev/null
  psql_ -c "select id from ats_orders where tenant_id = '$tenant' and ats = 'greenhouse'" >"$work/interviews"
  saturate test-status yes -s bench/wrk/test-status.lua "http://127.0.0.1:$port" -- "$basic" "$work/interviews" "$seed" >/dev/null

  # Round trips per request of each path on the wire, as wire() counts them: one idle reading, then each path sequentially.
  log "round trips per request on the wire (page, send-test, test-status): 5 s idle, then each sequentially for 5 s"
  idle0="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"; sleep 5; idle1="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"
  wire_path() { # TARGET loadgen-args...
    local before after out
    before="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"
    out="$($loadgen "$1" saturate "${@:2}" --url "http://127.0.0.1:$port" --concurrency 1 --seconds 5 --seed "$seed" --tag "wire-$1")"
    after="$(python3 bench/procstat.py segs "$LOCAL_PG_PORT")"
    record "$(python3 -c 'import json,sys; s0,s1,a,b=map(int,sys.argv[1:5]); r=json.loads(sys.argv[5]); done=max(r["requests"]-r["errors"],1)
idle=(s1-s0)/5*r["seconds"]; print(json.dumps({"phase":sys.argv[6],"requests":done,"segments":b-a,"idleSegments":round(idle,1),
"roundTripsPerRequest":round((b-a-idle)/done,2)}))' "$idle0" "$idle1" "$before" "$after" "$out" "wire-$1")"
  }
  wire_path page --key "$key" --ids "$work/tokens-wire-page"
  wire_path send-test --key "$greenhouse_key"
  wire_path test-status --key "$greenhouse_key" --ids "$work/interviews"
fi

log "bulk: ${warmup}s of warm-up batches, then $batches batches of 1,000 items, then a binary COPY of the same rows"
# The service's RSS every 100 ms from 5 s before the first batch to 60 s after the last one (the COPY baseline runs in
# that minute, without the service): base, peak, the value 60 s after, and the curve (bench/rss.py).
python3 bench/rss.py sample "$service_pid" "$work/rss" &
sampler=$!
sleep 5
bulk_start="$(date +%s.%N)"
bulk_out="$($bulk "http://127.0.0.1:$port" "$key" "$ConnectionStrings__Postgres" "$batches" 1000 "$warmup" | tail -n 1)"
bulk_last="$(field "$bulk_out" lastBatchAt)"
sleep "$(python3 -c "import time; print(round(max(0.0, $bulk_last + 60.5 - time.time()), 1))")"
kill "$sampler" 2>/dev/null || true
sampler=""
record "$(merge '{"phase":"bulk"}' "$bulk_out" "$(python3 bench/rss.py summary "$work/rss" "$bulk_start" "$bulk_last")")"

# pgbench: one run of warm-up + measured seconds on the same backends; tps of the measured seconds only.
pgbench_phase() { # NAME STATEMENTS(yes|no) pgbench-args...
  local name="$1" stats="$2"; shift 2
  log "pgbench $name: ${warmup}s warm-up, ${seconds}s measured (load $(cut -d' ' -f1 /proc/loadavg))"
  "$LOCAL_PG_BIN/pgbench" -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -n -M prepared -c "$concurrency" -j 2 -P 1 \
    -T "$((warmup + seconds))" "$@" recruitsignal >"$work/pgbench-$name.log" 2>&1 &
  local pid=$! before after
  sleep "$warmup"
  [[ "$stats" == yes ]] && reset_statements
  before="$(cpu)"
  sleep "$seconds"
  after="$(cpu)"
  wait "$pid" || { tail -n 20 "$work/pgbench-$name.log" >&2; return 1; }
  local out
  out="$(python3 -c 'import json,re,sys; w,s=float(sys.argv[2]),float(sys.argv[3])
p=[(float(t),float(x)) for t,x in re.findall(r"progress: ([\d.]+) s, ([\d.]+) tps", open(sys.argv[1]).read())]
m=[x for t,x in p if w < t <= w + s]; tps=sum(m)/max(len(m),1)
print(json.dumps({"throughput": round(tps,1), "requests": round(tps*s)}))' "$work/pgbench-$name.log" "$warmup" "$seconds")"
  [[ "$stats" == yes ]] && statements "pgbench-$name" "$(field "$out" requests)"
  record "$(merge "{\"phase\":\"pgbench-$name\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" "$out" "$(cpu_per "$before" "$after" "$(field "$out" requests)")")"
}

# The keyed screening's script: screening.sql with the key's claim after BEGIN and its fill-in before END.
awk -v claim="$(cat bench/pgbench/key-claim.sql)" -v fill="$(cat bench/pgbench/key-fill-in.sql)" \
  '/^end;$/ { print fill } { print } /^begin;$/ { print claim }' bench/pgbench/screening.sql >"$work/screening-key.sql"
pgbench_phase screen-1 yes -D "tenant=$tenant" -f bench/pgbench/screening.sql
pgbench_phase screen-key-1 yes -D "tenant=$tenant" -f "$work/screening-key.sql"
per_tenant() { # SCRIPT -> pgbench args running SCRIPT round-robin over the bench tenants
  local i=0 t
  while read -r t; do
    i=$((i + 1))
    sed "s/:tenant/:t$i/g" "$1" >"$work/$(basename "$1" .sql)-$i.sql"
    printf -- '-D\nt%s=%s\n-f\n%s@1\n' "$i" "$t" "$work/$(basename "$1" .sql)-$i.sql"
  done < <(psql_ -c "select id from tenants where name like 'bench-%' order by name")
}
mapfile -t args < <(per_tenant bench/pgbench/screening.sql)
pgbench_phase "screen-$tenants" no "${args[@]}"
mapfile -t args < <(per_tenant "$work/screening-key.sql")
pgbench_phase "screen-key-$tenants" no "${args[@]}"
pgbench_phase replay yes -D "tenant=$tenant" -f bench/pgbench/replay.sql

psql_ -c "create table bench_ids as select row_number() over () as k, id from assessments where tenant_id = '$tenant'; alter table bench_ids add primary key (k);"
nids="$(psql_ -c "select count(*) from bench_ids")"
pgbench_phase read yes -D "tenant=$tenant" -D "nids=$nids" -f bench/pgbench/read.sql

# The paths integrations take: the answers the page phases gave, and the orders send_test placed, as pgbench's pools.
if [[ "$paths" == 1 ]]; then
  psql_ -c "create table bench_invitations as select row_number() over () as k, i.id, i.candidate_id, i.token_hash, c.external_id
    from candidate_invitations i join candidates c on c.tenant_id = i.tenant_id and c.id = i.candidate_id
    where i.tenant_id = '$tenant' and i.status = 'completed'; alter table bench_invitations add primary key (k);
    create table bench_orders as select row_number() over () as k, id from ats_orders where tenant_id = '$tenant' and ats = 'greenhouse';
    alter table bench_orders add primary key (k);"
  pgbench_phase page yes -D "tenant=$tenant" -D "ninvitations=$(psql_ -c "select count(*) from bench_invitations")" -f bench/pgbench/page.sql
  pgbench_phase send-test yes -D "tenant=$tenant" -D "apikey=$(psql_ -c "select id from api_keys where name = 'bench-greenhouse'")" \
    -f bench/pgbench/send-test.sql
  pgbench_phase test-status yes -D "tenant=$tenant" -D "norders=$(psql_ -c "select count(*) from bench_orders")" -f bench/pgbench/test-status.sql
fi

psql_ -F $'\t' -c "select name, setting || coalesce(unit, '') from pg_settings where name in ('server_version', 'max_connections',
  'shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'max_wal_size', 'shared_preload_libraries')
  order by name" >"$work/settings.tsv"

out="$results/$(date -u +%Y%m%d-%H%M)-$label.md"
python3 bench/report.py "$work" "$out" "$seconds" "$warmup" "$concurrency" "$tenants" "$seed" "$load_start" "$(nproc)" \
  "$label"
cp "$out" "$results/latest.md"
log "written to ${out#"$repo/"} (and bench/results/latest.md)"
