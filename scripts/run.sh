#!/usr/bin/env bash
# Runs RecruitSignal locally with a database, an API key and the service in the foreground.
#
# Without a Docker engine (our machines): a throwaway PostgreSQL cluster in a temp dir, database
# `recruitsignal`, migrations, tenant `local`, then the service. Everything is removed on exit.
# With a Docker engine: `docker compose up --build` (PostgreSQL data kept in a volume), then a
# tenant is created in the api container. Ctrl-C, or SIGTERM to this script alone (what a process
# manager or `timeout` sends), stops everything in both cases.
#
# With --detach (Docker only): start, create the tenant, print its key and return, leaving the
# containers running (stop them with `docker compose down`); what CI does to try the Docker path.
#
# Env: PORT (default 5080) is the HTTP port on 127.0.0.1.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

detach=0
case "${1:-}" in
  --detach) detach=1 ;;
  "") ;;
  *) printf '[run] usage: %s [--detach]\n' "$0" >&2; exit 2 ;;
esac

port="${PORT:-5080}"
base_url="http://127.0.0.1:$port"
tenant_name="local"
key_regex='rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}'

log() { printf '[run] %s\n' "$*" >&2; }
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
  die "PORT must be a TCP port number, got '$port'"
fi

# shellcheck source=scripts/local-postgres.sh
source "$repo/scripts/local-postgres.sh"

print_banner() {
  local key="$1" stop_note="$2" last_post
  last_post="$(date -u -d '2 days ago' +%Y-%m-%dT%H:%M:%SZ)"
  cat <<EOF

==================================================================================
 RecruitSignal: $base_url
   API reference  $base_url/docs
   OpenAPI        $base_url/openapi/v1.json
   Health         $base_url/health/ready

 API key of tenant '$tenant_name' (shown once, not stored anywhere):

   $key

 Try it once the service says it is listening:

curl -sS -X POST '$base_url/v1/screenings' \\
  -H 'Authorization: Bearer $key' \\
  -H 'Content-Type: application/json' \\
  -d '{
    "candidate": {"externalId": "ats-1001", "fullName": "Camille Martin", "headline": "Data engineer", "twitter": "@camille_m"},
    "job": {"title": "Senior data engineer", "keywords": ["data engineering", "python"]},
    "evidence": {"status": "found", "windowDays": 90, "originalPosts": 12, "replies": 9, "reposts": 4,
                 "lastAuthoredPostAt": "$last_post", "bio": "Data engineering with Python and PostgreSQL",
                 "relevantOriginalPosts": 5}
  }'

 Ctrl-C stops the service$stop_note
==================================================================================

EOF
}

extract_key() {
  local out="$1" key
  key="$(grep -oE "$key_regex" <<<"$out" | head -n 1 || true)"
  if [[ -z "$key" ]]; then
    printf '%s\n' "$out" >&2
    die "'tenants create' printed no API key (output above)"
  fi
  printf '%s\n' "$key"
}

# --- With a Docker engine -------------------------------------------------------------------

# 32 random bytes in base64: the Data Protection key-encryption key.
new_key_encryption_key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

ensure_env_file() {
  if [[ -z "${POSTGRES_PASSWORD:-}" ]] && ! grep -qE '^POSTGRES_PASSWORD=.+' .env 2>/dev/null; then
    local pw
    pw="$(head -c 600 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    (( ${#pw} >= 32 )) || die "could not generate a password"
    if [[ -s .env && -n "$(tail -c 1 .env)" ]]; then printf '\n' >>.env; fi
    (umask 077 && printf 'POSTGRES_PASSWORD=%s\n' "${pw:0:32}" >>.env)
    log "generated POSTGRES_PASSWORD into .env (git-ignored; PostgreSQL keeps the first one in its volume)"
  fi
  if [[ -z "${DATAPROTECTION_KEY:-}" ]] && ! grep -qE '^DATAPROTECTION_KEY=.+' .env 2>/dev/null; then
    if [[ -s .env && -n "$(tail -c 1 .env)" ]]; then printf '\n' >>.env; fi
    (umask 077 && printf 'DATAPROTECTION_KEY=%s\n' "$(new_key_encryption_key)" >>.env)
    log "generated DATAPROTECTION_KEY into .env (git-ignored; keep it: the stored key ring is encrypted with it)"
  fi
}

# A tenant named local may already exist (the database volume is kept): then it gets a new key.
create_local_tenant() {
  local out
  if out="$("$@" tenants create --name "$tenant_name" 2>&1)"; then
    printf '%s\n' "$out"
  elif grep -q "already exists" <<<"$out"; then
    "$@" keys create --tenant "$tenant_name" --name run.sh --scopes screenings,read,admin,greenhouse 2>&1
  else
    printf '%s\n' "$out" >&2
    return 1
  fi
}

run_with_docker() {
  docker compose version >/dev/null 2>&1 || die "the Docker engine answers but 'docker compose' is missing"
  ensure_env_file
  export PORT="$port"
  trap 'log "stopping containers"; docker compose stop' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  docker compose up --build --detach --wait
  local out key
  out="$(create_local_tenant docker compose exec -T api dotnet RecruitSignal.Api.dll)" \
    || die "'tenants create' failed in the api container"
  key="$(extract_key "$out")"
  if (( detach )); then
    trap - EXIT
    print_banner "$key" " (detached: stop with 'docker compose down')"
    return 0
  fi
  print_banner "$key" " (containers are stopped, the database volume is kept)"
  # In the background with `wait`, so that a SIGTERM runs the traps now, not once the log stream ends.
  docker compose logs --follow --since 1m api &
  wait $!
}

# --- Without Docker: local cluster and the built service -------------------------------------

run_locally() {
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found on PATH (.NET 10 SDK required)"
  local_pg_port_is_free "$port" || die "127.0.0.1:$port is already in use; choose another with PORT=..."

  # This run's own cluster: one a calling shell started (its LOCAL_PG_* exported) is neither reused nor stopped here.
  unset LOCAL_PG_DIR LOCAL_PG_HOST LOCAL_PG_PORT LOCAL_PG_BIN LOCAL_PG_CONNSTRING
  trap 'local_pg_stop || true' EXIT
  trap 'stop_service; exit 130' INT
  trap 'stop_service; exit 143' TERM

  log "building (Release)"
  dotnet build src/RecruitSignal.Api/RecruitSignal.Api.csproj -c Release --nologo -v quiet

  local_pg_start
  "$LOCAL_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LOCAL_PG_PORT" -U postgres -d postgres \
    -c 'CREATE DATABASE recruitsignal'
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$LOCAL_PG_PORT;Database=recruitsignal;Username=postgres"
  # A throwaway database, so a throwaway key-encryption key: the key ring is stored encrypted, with no warning.
  export DataProtection__KeyEncryptionKey="${DataProtection__KeyEncryptionKey:-$(new_key_encryption_key)}"
  log "ConnectionStrings__Postgres=$ConnectionStrings__Postgres"
  # Invitation and report links point at this service unless PublicBaseUrl says otherwise.
  export PublicBaseUrl="${PublicBaseUrl:-$base_url}"

  # The built assembly itself, not `dotnet run`: one process, which gets the signal this script forwards.
  local app=(dotnet src/RecruitSignal.Api/bin/Release/net10.0/RecruitSignal.Api.dll)
  log "applying migrations"
  "${app[@]}" migrate

  local out key
  out="$(create_local_tenant "${app[@]}")" || die "'tenants create' failed"
  key="$(extract_key "$out")"
  print_banner "$key" " and the throwaway database"

  # Not exec: the EXIT trap must still stop PostgreSQL when the service ends. In the background, with `wait`:
  # bash runs a trap only once a foreground child has ended, so a SIGTERM to this script alone did nothing.
  "${app[@]}" --urls "$base_url" &
  service_pid=$!
  local status=0
  wait "$service_pid" || status=$?
  service_pid=""
  exit "$status"
}

# The service's graceful stop on SIGINT or SIGTERM alike: SIGTERM, because a background child of a script
# starts with SIGINT ignored. Then waits for it, so the database is removed only once the service is gone.
service_pid=""
stop_service() {
  if [[ -n "$service_pid" ]]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    service_pid=""
  fi
}

if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  log "Docker engine answers: using docker compose"
  run_with_docker
else
  (( ! detach )) || die "--detach needs a Docker engine"
  run_locally
fi
