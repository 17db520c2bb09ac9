#!/usr/bin/env bash
# Benchmark, not a test: GET /v1/fairness/impact-ratios over 1,000,000 assessments of one tenant.
#
#   bench/fairness.sh                      # 500,000 candidates, 2 assessments each, categories for all
#   CANDIDATES=1000000 bench/fairness.sh   # 2,000,000 assessments
#
# Builds Release, starts a throwaway PostgreSQL (scripts/local-postgres.sh), migrates it, creates a tenant under the
# us-nyc profile (every family, the intersection included), writes the population with generate_series inside
# PostgreSQL (no row crosses the wire), VACUUM ANALYZE, runs the service on 127.0.0.1, and times the endpoint
# (JSON, then CSV) RUNS times each with curl, after WARMUP_RUNS (3) untimed requests. Everything is removed at the end. Goal: under 2 s.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
candidates="${CANDIDATES:-500000}"
runs="${RUNS:-5}"
port="${BENCH_PORT:-5098}"

log() { printf '[fairness-bench] %s\n' "$*" >&2; }

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"

service_pid=""
cleanup() {
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  local_pg_stop || true
}
trap cleanup EXIT

log "building (Release)"
dotnet build src/RecruitSignal.Api/RecruitSignal.Api.csproj -c Release --nologo -v quiet

local_pg_start
psql=("$LOCAL_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres)
"${psql[@]}" -d postgres -c 'CREATE DATABASE recruitsignal_fairness'
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Database=recruitsignal_fairness;Username=postgres"
export RateLimits__PermitLimit=1000000 Logging__LogLevel__Default=Warning

api=(dotnet src/RecruitSignal.Api/bin/Release/net10.0/RecruitSignal.Api.dll)
"${api[@]}" migrate >/dev/null
key="$("${api[@]}" tenants create --name fairness-bench | grep -oE 'rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}' | head -n 1)"
[[ -n "$key" ]] || { log "no API key from 'tenants create'"; exit 1; }

log "writing $candidates candidates, $((candidates * 2)) assessments and their categories"
start=$(date +%s)
"${psql[@]}" -d recruitsignal_fairness -v candidates="$candidates" <<'SQL'
\set ON_ERROR_STOP on
select id as tenant from tenants where name = 'fairness-bench' \gset
-- The change log's triggers (0072) take a position per row from the tenant's one counter row, deferred to COMMIT:
-- 1,500,000 updates of one row in one transaction walk an ever longer version chain, which took over 20 minutes.
-- The population is not a change anyone follows, so it is written without triggers (as a restore would be).
set session_replication_role = replica;
insert into tenant_settings (tenant_id, jurisdiction, updated_at) values (:'tenant', 'us-nyc', now());
insert into candidates (tenant_id, id, external_id, created_at, updated_at)
select :'tenant', gen_random_uuid(), 'bench-' || g, now(), now() from generate_series(1, :candidates) g;
-- Two assessments per candidate, spread over 2026: most candidates have their latest one inside the period.
insert into assessments (tenant_id, id, candidate_id, policy_version, status, presence_tier, active_professional_presence,
    score, band, factors, reason_codes, relevance_terms, assessed_at, created_at)
select c.tenant_id, gen_random_uuid(), c.id, 'default@1', 'completed', 'publisher', random() < 0.4,
    floor(random() * 101)::int, 'weak', '[]', '{}', '{}', t, t
from candidates c cross join generate_series(1, 2) k
cross join lateral (select timestamptz '2026-01-01' + random() * interval '364 days' + k * interval '0 s' as t) x
where c.tenant_id = :'tenant';
insert into candidate_demographics (tenant_id, candidate_id, sex, race_ethnicity, age_band, updated_at)
select c.tenant_id, c.id,
    (array['female', 'male', 'declined'])[1 + floor(random() * 3)::int],
    (array['white', 'asian', 'black_or_african_american', 'hispanic_or_latino', 'two_or_more_races', 'declined'])[1 + floor(random() * 6)::int],
    (array['under_25', '25_to_39', '40_to_49', '50_to_59', '60_and_over', 'declined'])[1 + floor(random() * 6)::int],
    now()
from candidates c where c.tenant_id = :'tenant' and random() < 0.9;
reset session_replication_role;
vacuum analyze candidates, assessments, candidate_demographics;
-- Write the population out now: otherwise the checkpoint that follows 1,000,000 inserts runs during the timed requests.
checkpoint;
select count(*) as assessments from assessments where tenant_id = :'tenant';
SQL
log "population written in $(( $(date +%s) - start )) s"

"${api[@]}" --urls "http://127.0.0.1:$port" &
service_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { log "the service did not become ready"; exit 1; }

url="http://127.0.0.1:$port/v1/fairness/impact-ratios?from=2026-01-01&to=2026-12-31&policyVersion=default@1"
# A warm service, as bench/run.sh measures it: the first requests pay for the JIT and for reading the index from disk.
for _ in $(seq 1 "${WARMUP_RUNS:-3}"); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $key" "$url"
done
for accept in application/json text/csv; do
  for run in $(seq 1 "$runs"); do
    curl -fsS -o /tmp/fairness-bench.out -w "[fairness-bench] $accept run $run: %{http_code} in %{time_total} s\n" \
      -H "Authorization: Bearer $key" -H "Accept: $accept" "$url" >&2
  done
done
head -c 600 /tmp/fairness-bench.out >&2; echo >&2
"${psql[@]}" -d recruitsignal_fairness -c "explain (analyze, buffers, costs off) select count(*) from (select distinct on (candidate_id) candidate_id, score from assessments where tenant_id = (select id from tenants where name = 'fairness-bench') and policy_version = 'default@1' and assessed_at >= '2026-01-01' and assessed_at < '2027-01-01' order by candidate_id, assessed_at desc, id desc) l" >&2
