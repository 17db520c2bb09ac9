#!/usr/bin/env bash
# Runs the whole test suite; the last line printed is "N passed, N failed".
#
# Integration tests need PostgreSQL. A RECRUITSIGNAL_TEST_POSTGRES already set in the environment
# is used as is. Otherwise, when a Docker engine answers they use Testcontainers; without one this
# script starts a throwaway local cluster (scripts/local-postgres.sh) and hands it to them as
# RECRUITSIGNAL_TEST_POSTGRES. Extra arguments go to `dotnet test` (e.g. --filter Scoring).
#
# Env: TEST_RESULTS_DIR (default ./TestResults) receives the .trx files.
#      RECRUITSIGNAL_TEST_DATABASE=local|docker|auto (default auto): force the local cluster, or
#      Testcontainers, whatever Docker says (.ci/run runs the suite once each way).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results_dir="${TEST_RESULTS_DIR:-$repo/TestResults}"

log() { printf '[test] %s\n' "$*" >&2; }

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"

cleanup() {
  local_pg_stop || true
  # On CI, compiler/MSBuild servers left behind would outlive the run holding its output open.
  if [[ -n "${CI:-}" && "${CI:-}" != "false" ]]; then
    dotnet build-server shutdown >/dev/null 2>&1 || true
  fi
}
summary_printed=0
# shellcheck disable=SC2317  # called through the EXIT trap
on_exit() {
  local rc=$?
  cleanup
  # Failed before the tests could report (e.g. PostgreSQL did not start): still end on the summary.
  if (( ! summary_printed )); then
    printf '0 passed, 0 failed\n'
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v dotnet >/dev/null 2>&1 || { log "ERROR: dotnet not found on PATH (.NET 10 SDK required)"; exit 1; }

database="${RECRUITSIGNAL_TEST_DATABASE:-auto}"
case "$database" in local|docker|auto) ;; *) log "ERROR: RECRUITSIGNAL_TEST_DATABASE is local, docker or auto, not '$database'"; exit 2 ;; esac
docker_answers() { command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; }

if [[ -n "${RECRUITSIGNAL_TEST_POSTGRES:-}" ]]; then
  log "using RECRUITSIGNAL_TEST_POSTGRES from the environment"
elif [[ "$database" == docker ]] || { [[ "$database" == auto ]] && docker_answers; }; then
  log "integration tests use Testcontainers (TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-unset})"
else
  log "starting a throwaway PostgreSQL cluster (RECRUITSIGNAL_TEST_DATABASE=$database)"
  local_pg_start
  export RECRUITSIGNAL_TEST_POSTGRES="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Username=postgres;Database=postgres"
  log "RECRUITSIGNAL_TEST_POSTGRES=$RECRUITSIGNAL_TEST_POSTGRES"
fi

# The contract tests' npm tools and NSwag; installed once, kept while their lock files do not change.
bash "$repo/scripts/openapi-tools.sh" || log "WARNING: the OpenAPI tools are not installed; their tests will fail"

mkdir -p "$results_dir"
# Counts come from the .trx files, so stale ones from an earlier run must go.
find "$results_dir" -type f -name '*.trx' -delete
# Tests may leave a one-line report here (the fuzz suite's seed and tally); they are printed before the summary.
find "$results_dir" -type f -name '*.report.txt' -delete
export RECRUITSIGNAL_TEST_REPORTS="$results_dir"

status=0
dotnet test RecruitSignal.sln -c Release \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$results_dir" \
  "$@" || status=$?

# Stop the cluster now so that its messages come before the summary line.
trap - EXIT
trap 'printf "0 passed, 0 failed\n"; exit 130' INT
trap 'printf "0 passed, 0 failed\n"; exit 143' TERM
cleanup

# Sum <Counters passed="N" failed="N" .../> over every .trx file (attribute order doesn't matter).
passed=0
failed=0
trx_count=0
while IFS= read -r -d '' trx; do
  counters="$(tr '\n' ' ' <"$trx" | grep -oE '<Counters[[:space:]][^>]*>' | head -n 1 || true)"
  p="$(grep -oE '[[:space:]]passed="[0-9]+"' <<<"$counters" | grep -oE '[0-9]+' || true)"
  f="$(grep -oE '[[:space:]]failed="[0-9]+"' <<<"$counters" | grep -oE '[0-9]+' || true)"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  trx_count=$((trx_count + 1))
done < <(find "$results_dir" -type f -name '*.trx' -print0)

while IFS= read -r -d '' report; do
  log "$(cat "$report")"
done < <(find "$results_dir" -type f -name '*.report.txt' -print0)

if (( trx_count == 0 )); then
  log "no .trx result file in $results_dir (did the build fail?)"
fi
if (( status != 0 )); then
  log "dotnet test exited with status $status"
elif (( passed == 0 )); then
  log "no test passed: treating the run as a failure"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
summary_printed=1

if (( status != 0 )); then
  exit "$status"
fi
if (( failed > 0 || passed == 0 )); then
  exit 1
fi
exit 0
