#!/bin/sh
# One-shot step of docker-compose.yml, run in the postgres image as the unprivileged `postgres` user.
#
# Creates, idempotently, the two login roles and the three databases the stack uses on the single
# PostgreSQL instance:
#   role TEMPORAL_DB_USER owns databases `temporal` and `temporal_visibility` (Temporal's stores)
#   role TQD_DB_USER      owns database TQD_DB_NAME (tqd's action ledger, schema `meta`)
# and (re)sets both roles' passwords from the environment, so rotating a password is: edit .env,
# `docker compose up -d` (this step runs again), then restart the services that use it.
#
# Every secret is read by psql's \getenv, never passed on a command line (it would show in `ps`).
set -eu

: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set (see .env.example)}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set (see .env.example)}"
: "${TQD_DB_PASSWORD:?TQD_DB_PASSWORD is not set (see .env.example)}"
export TEMPORAL_DB_USER="${TEMPORAL_DB_USER:-temporal}"
export TQD_DB_USER="${TQD_DB_USER:-tqd}"
export TQD_DB_NAME="${TQD_DB_NAME:-tqd}"

export PGHOST="${PGHOST:-postgresql}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE=postgres
export PGPASSWORD="$POSTGRES_PASSWORD"

echo "postgres-init: waiting for PostgreSQL at $PGHOST:$PGPORT"
tries=0
until pg_isready -q; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "postgres-init: PostgreSQL did not accept connections within 60 s" >&2
    exit 1
  fi
  sleep 1
done

psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet <<'SQL'
\getenv temporal_user TEMPORAL_DB_USER
\getenv temporal_password TEMPORAL_DB_PASSWORD
\getenv tqd_user TQD_DB_USER
\getenv tqd_password TQD_DB_PASSWORD
\getenv tqd_db TQD_DB_NAME

SELECT format('CREATE ROLE %I LOGIN', :'temporal_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'temporal_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
              :'temporal_user', :'temporal_password') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'tqd_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'tqd_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
              :'tqd_user', :'tqd_password') \gexec

SELECT format('CREATE DATABASE %I OWNER %I', d, :'temporal_user')
  FROM unnest(ARRAY['temporal', 'temporal_visibility']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'tqd_db', :'tqd_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'tqd_db') \gexec

-- Each role reaches only its own databases.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d)
  FROM unnest(ARRAY['temporal', 'temporal_visibility', :'tqd_db']) AS d \gexec

-- Temporal's visibility schema needs btree_gin; create it here as the superuser so the schema
-- step does not depend on the extension being "trusted".
\connect temporal_visibility
SET client_min_messages TO warning;
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL

echo "postgres-init: roles and databases are in place"
