#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and local runs (no Docker needed).
#
# As a command:
#   eval "$(scripts/local-postgres.sh start)"   # prints `export LOCAL_PG_...=...` lines
#   scripts/local-postgres.sh stop [DIR]        # DIR defaults to $LOCAL_PG_DIR
#   scripts/local-postgres.sh install           # apt-get install postgresql if no server binaries
#
# Sourced (what scripts/test.sh and scripts/run.sh do):
#   source scripts/local-postgres.sh
#   trap local_pg_stop EXIT
#   local_pg_start     # exports LOCAL_PG_DIR, LOCAL_PG_HOST, LOCAL_PG_PORT, LOCAL_PG_BIN, LOCAL_PG_CONNSTRING
#
# Inputs (optional): LOCAL_PG_PREFERRED_PORT (default 55432), LOCAL_PG_BINDIR (server bin dir;
# default: newest /usr/lib/postgresql/*/bin), LOCAL_PG_START_TIMEOUT seconds (default 60),
# LOCAL_PG_EXTRA_CONF (lines appended to postgresql.conf, e.g. shared_preload_libraries for bench/run.sh).
#
# The cluster uses trust auth and listens on 127.0.0.1 only, with durability switched off:
# it is for throwaway data only.
set -euo pipefail

LOCAL_PG_MARKER=".recruitsignal-local-pg"

local_pg_log() { printf '[local-postgres] %s\n' "$*" >&2; }
local_pg_die() { printf '[local-postgres] ERROR: %s\n' "$*" >&2; return 1; }

# Newest server bin dir, or nothing.
local_pg_find_bindir() {
  if [[ -n "${LOCAL_PG_BINDIR:-}" ]]; then
    [[ -x "$LOCAL_PG_BINDIR/pg_ctl" ]] || { local_pg_die "LOCAL_PG_BINDIR=$LOCAL_PG_BINDIR has no pg_ctl"; return 1; }
    printf '%s\n' "$LOCAL_PG_BINDIR"
    return 0
  fi
  local d best=""
  while IFS= read -r d; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] && best="$d"
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
  [[ -n "$best" ]] && printf '%s\n' "$best"
  return 0
}

# Installs Debian's postgresql package when no server binaries exist.
local_pg_install() {
  local bindir
  if [[ -n "${LOCAL_PG_BINDIR:-}" ]]; then
    local_pg_find_bindir >/dev/null
    return
  fi
  bindir="$(local_pg_find_bindir)"
  [[ -n "$bindir" ]] && return 0
  command -v apt-get >/dev/null 2>&1 \
    || { local_pg_die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin and no apt-get to install them"; return 1; }
  local sudo=()
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || { local_pg_die "PostgreSQL server missing; run as root or install it: apt-get install postgresql"; return 1; }
    sudo=(sudo)
  fi
  local_pg_log "no PostgreSQL server binaries found; installing Debian package 'postgresql'"
  # The package may create/start its own 'main' cluster on 5432; we never use it.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || { local_pg_die "apt-get update failed"; return 1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    || { local_pg_die "apt-get install postgresql failed"; return 1; }
  bindir="$(local_pg_find_bindir)"
  [[ -n "$bindir" ]] || { local_pg_die "apt-get install postgresql finished but /usr/lib/postgresql/*/bin is still missing"; return 1; }
  local_pg_log "installed PostgreSQL server binaries in $bindir"
}

# True when nothing listens on 127.0.0.1:$1 (bind test like postgres does; connect test as fallback).
local_pg_port_is_free() {
  local port="$1" rc=0
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$port" <<'PY' 2>/dev/null || rc=$?
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(3)
finally:
    s.close()
PY
    case "$rc" in
      0) return 0 ;;
      3) return 1 ;;
    esac
  fi
  # No usable python3: something accepting connections means the port is taken.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

local_pg_pick_port() {
  local first="${1:-55432}" port
  for (( port = first; port < first + 200; port++ )); do
    if local_pg_port_is_free "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  local_pg_die "no free TCP port on 127.0.0.1 in $first..$((first + 199))"
}

# Runs a server command as the postgres user (PostgreSQL refuses to run as root).
local_pg_as_owner() {
  if (( EUID == 0 )); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

local_pg_start() {
  if [[ -n "${LOCAL_PG_DIR:-}" && -f "$LOCAL_PG_DIR/$LOCAL_PG_MARKER" ]]; then
    local_pg_die "a local cluster is already running from this shell ($LOCAL_PG_DIR)"; return 1
  fi
  local_pg_install || return 1
  local bindir dir port attempt started=0
  bindir="$(local_pg_find_bindir)"
  if (( EUID == 0 )) && ! id -u postgres >/dev/null 2>&1; then
    local_pg_die "system user 'postgres' is missing (apt-get install postgresql creates it)"; return 1
  fi

  dir="$(mktemp -d /tmp/recruitsignal-pg.XXXXXX)" || { local_pg_die "mktemp failed"; return 1; }
  printf '%s\n' "$bindir" >"$dir/$LOCAL_PG_MARKER"
  # Exported right away so a caller's trap can clean up even if start fails half-way.
  export LOCAL_PG_DIR="$dir"
  if (( EUID == 0 )); then chown postgres: "$dir"; fi

  # cd: runuser keeps the cwd, and postgres may not be allowed to read the caller's cwd.
  if ! (cd "$dir" && local_pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust \
          -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1); then
    cat "$dir/initdb.log" >&2 || true
    local_pg_die "initdb failed (see above)"; return 1
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF

# --- recruitsignal throwaway cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
${LOCAL_PG_EXTRA_CONF:-}
EOF

  # Retry with the next free port if someone grabs ours between the check and the bind.
  port="${LOCAL_PG_PREFERRED_PORT:-55432}"
  for attempt in 1 2 3 4 5; do
    port="$(local_pg_pick_port "$port")" || return 1
    if (cd "$dir" && local_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
          -w -t "${LOCAL_PG_START_TIMEOUT:-60}" -o "-p $port" start >/dev/null 2>&1); then
      started=1
      break
    fi
    if grep -qi 'could not bind\|address already in use\|could not create any TCP/IP sockets' "$dir/postgres.log" 2>/dev/null; then
      local_pg_log "port $port was taken meanwhile; retrying (attempt $attempt)"
      port=$((port + 1))
      continue
    fi
    break
  done
  if (( ! started )); then
    tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
    local_pg_die "pg_ctl start failed (log above: $dir/postgres.log)"; return 1
  fi
  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10 \
    || { local_pg_die "server started but does not accept connections on 127.0.0.1:$port"; return 1; }

  export LOCAL_PG_HOST="127.0.0.1"
  export LOCAL_PG_PORT="$port"
  export LOCAL_PG_BIN="$bindir"
  export LOCAL_PG_CONNSTRING="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  local_pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data in $dir)"
}

# Stops the cluster and removes its directory. Safe to call twice or when nothing was started.
local_pg_stop() {
  local dir="${1:-${LOCAL_PG_DIR:-}}" bindir pid port
  [[ -n "$dir" ]] || return 0
  [[ -d "$dir" ]] || { unset LOCAL_PG_DIR LOCAL_PG_HOST LOCAL_PG_PORT LOCAL_PG_BIN LOCAL_PG_CONNSTRING; return 0; }
  if [[ ! -f "$dir/$LOCAL_PG_MARKER" ]]; then
    local_pg_die "refusing to remove $dir: not created by local-postgres.sh"; return 1
  fi
  bindir="$(head -n 1 "$dir/$LOCAL_PG_MARKER")"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    port="$(sed -n 4p "$dir/data/postmaster.pid" 2>/dev/null || true)"
    if ! (cd "$dir" && local_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1); then
      local_pg_log "fast shutdown failed; forcing immediate shutdown"
      (cd "$dir" && local_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1) || {
        pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        if [[ "$pid" =~ ^[0-9]+$ ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
        sleep 1
      }
    fi
    local_pg_log "stopped PostgreSQL on port ${port:-?} and removed $dir"
  fi
  rm -rf -- "$dir"
  unset LOCAL_PG_DIR LOCAL_PG_HOST LOCAL_PG_PORT LOCAL_PG_BIN LOCAL_PG_CONNSTRING
}

local_pg_main() {
  case "${1:-}" in
    start)
      # If start fails half-way, don't leave a cluster or directory behind.
      trap 'rc=$?; if (( rc != 0 )); then local_pg_stop || true; fi' EXIT
      local_pg_start
      trap - EXIT
      printf 'export LOCAL_PG_DIR=%q\n' "$LOCAL_PG_DIR"
      printf 'export LOCAL_PG_HOST=%q\n' "$LOCAL_PG_HOST"
      printf 'export LOCAL_PG_PORT=%q\n' "$LOCAL_PG_PORT"
      printf 'export LOCAL_PG_BIN=%q\n' "$LOCAL_PG_BIN"
      printf 'export LOCAL_PG_CONNSTRING=%q\n' "$LOCAL_PG_CONNSTRING"
      local_pg_log "stop it with: $0 stop $LOCAL_PG_DIR"
      local_pg_log "psql: $LOCAL_PG_BIN/psql -h 127.0.0.1 -p $LOCAL_PG_PORT -U postgres"
      ;;
    stop)
      [[ -n "${2:-${LOCAL_PG_DIR:-}}" ]] || local_pg_die "usage: $0 stop DIR (or set LOCAL_PG_DIR)"
      local_pg_stop "${2:-}"
      ;;
    install)
      local_pg_install
      local_pg_log "server binaries: $(local_pg_find_bindir)"
      ;;
    *)
      printf 'usage: %s start | stop [DIR] | install\n' "$0" >&2
      return 2
      ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  local_pg_main "$@"
fi
