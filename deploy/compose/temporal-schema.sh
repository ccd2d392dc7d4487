#!/bin/sh
# One-shot step of docker-compose.yml, run in temporalio/admin-tools (as its `temporal` user).
#
# Sets up or upgrades Temporal's two PostgreSQL schemas with temporal-sql-tool, as Temporal's own
# compose examples do, but against databases that postgres-init.sh has already created (so the
# Temporal role needs no CREATEDB). Both commands are idempotent: setup-schema -v 0.0 leaves a
# database whose version is already higher untouched, and update-schema applies only the versioned
# steps newer than the recorded version. Upgrading TEMPORAL_VERSION therefore upgrades the schema on
# the next `docker compose up`, before the new server starts.
set -eu

: "${SQL_PASSWORD:?TEMPORAL_DB_PASSWORD is not set (see .env.example)}"
export SQL_PASSWORD
host="${POSTGRES_SEEDS:-postgresql}"
port="${DB_PORT:-5432}"
user="${POSTGRES_USER:-temporal}"
schema_dir=/etc/temporal/schema/postgresql/v12

echo "temporal-schema: waiting for PostgreSQL at $host:$port"
tries=0
until nc -z -w 2 "$host" "$port"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "temporal-schema: PostgreSQL did not accept connections within 60 s" >&2
    exit 1
  fi
  sleep 1
done

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) versioned="$schema_dir/temporal/versioned" ;;
    *) versioned="$schema_dir/visibility/versioned" ;;
  esac
  echo "temporal-schema: $db"
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$user" --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$user" --db "$db" update-schema -d "$versioned"
done

echo "temporal-schema: schemas are up to date"
