#!/usr/bin/env bash
# Start a local PostgreSQL for the tests in test/postgres and create their role and database.
#
#   bash scripts/ci-postgres.sh
#   export LOYALTY_TEST_PG_URL=postgresql://loyalty:loyalty@127.0.0.1:5432/loyalty_test
#
# Safe to run again and again: it installs Debian's postgresql only when no server
# is installed, runs apt-get update only when apt does not know the package yet,
# starts the cluster only when it is down, and (re)creates role and database only
# when missing. Needs root (Debian 12 CI runs as root) or passwordless sudo.
set -euo pipefail

PG_PORT=5432
PG_ROLE=loyalty
PG_PASSWORD=loyalty
PG_DATABASE=loyalty_test
TEST_URL="postgresql://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DATABASE}"

log() { printf 'ci-postgres: %s\n' "$*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo -n "$@"; }
else
  log "must run as root (or with passwordless sudo)"; exit 1
fi

server_version() {
  # Highest installed server major version, e.g. 15; empty when none is installed.
  local v found=""
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -n); do
    if [ -x "/usr/lib/postgresql/$v/bin/postgres" ]; then found="$v"; fi
  done
  printf '%s' "$found"
}

# 1. Install the server if missing.
if [ -z "$(server_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show postgresql >/dev/null 2>&1; then
    log "apt does not know postgresql yet: apt-get update"
    as_root apt-get update -qq
  fi
  log "installing postgresql"
  as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PG_VERSION="$(server_version)"
[ -n "$PG_VERSION" ] || { log "no PostgreSQL server found after install"; exit 1; }

# 2. Make sure a cluster exists on our port (the package normally creates "main").
CLUSTER="$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v p="$PG_PORT" '$1 == v && $3 == p { print $2; exit }')"
if [ -z "$CLUSTER" ]; then
  CLUSTER=main
  if pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    log "cluster $PG_VERSION/main exists but not on port $PG_PORT; create one named loyalty_ci"
    CLUSTER=loyalty_ci
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
    log "creating cluster $PG_VERSION/$CLUSTER on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$PG_VERSION" "$CLUSTER" >/dev/null
  fi
fi

# 3. Start it if it is not running (a stale pid file from a killed server is handled by pg_ctlcluster).
status="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')"
if [ "$status" != "online" ]; then
  log "starting cluster $PG_VERSION/$CLUSTER"
  # A server that was killed can leave a lock file whose process is not reaped yet;
  # PostgreSQL clears it itself once that process is gone, so try again for a while.
  started=""
  for attempt in 1 2 3 4 5 6; do
    if as_root pg_ctlcluster "$PG_VERSION" "$CLUSTER" start; then started=yes; break; fi
    log "start attempt $attempt failed; retrying in 2 s"
    sleep 2
  done
  [ -n "$started" ] || { log "could not start $PG_VERSION/$CLUSTER: see /var/log/postgresql/postgresql-$PG_VERSION-$CLUSTER.log"; exit 1; }
fi

ready=""
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then ready=yes; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { log "server did not accept connections on 127.0.0.1:$PG_PORT within 30 s"; exit 1; }

# 4. Role and database (password is set every time, so a changed password is repaired).
psql_admin() { as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

psql_admin -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_ROLE}') THEN
    CREATE ROLE ${PG_ROLE} LOGIN;
  END IF;
END
\$\$;
ALTER ROLE ${PG_ROLE} WITH LOGIN PASSWORD '${PG_PASSWORD}';
SQL

if [ "$(psql_admin -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}'")" != "1" ]; then
  log "creating database $PG_DATABASE"
  psql_admin -d postgres -c "CREATE DATABASE ${PG_DATABASE} OWNER ${PG_ROLE}"
fi
psql_admin -d "$PG_DATABASE" -c "ALTER DATABASE ${PG_DATABASE} OWNER TO ${PG_ROLE}; GRANT ALL ON SCHEMA public TO ${PG_ROLE};"

# 5. Prove the URL works with a password login over TCP, as the tests will connect.
if ! PGPASSWORD="$PG_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DATABASE" -tA -c 'SELECT 1' >/dev/null; then
  log "cannot log in as $PG_ROLE over TCP: check pg_hba.conf of $PG_VERSION/$CLUSTER"
  exit 1
fi

log "PostgreSQL $PG_VERSION ready"
printf 'export LOYALTY_TEST_PG_URL=%s\n' "$TEST_URL"
