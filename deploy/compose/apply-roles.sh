#!/bin/sh
# Creates or updates the services' PostgreSQL logins (deploy/postgres/roles.sql) and gives each the
# password generate-secrets.sh made for it. Runs in the postgres image as a one-shot job, as the
# superuser (PGHOST, PGUSER, PGDATABASE; its password in the file PGPASSWORD_FILE). Passwords go to
# psql on its standard input, never on a command line. Idempotent: run it again after every upgrade,
# and once Admin has migrated the tenancy schema, so the readers get SELECT on its new tables.
set -eu
PGPASSWORD="$(cat "${PGPASSWORD_FILE:?the superuser password file}")"
export PGPASSWORD
until pg_isready --quiet; do sleep 1; done
psql -v ON_ERROR_STOP=1 --quiet -f "${ROLES_SQL:-/deploy/postgres/roles.sql}" > /dev/null
for service in admin billing agent ingest; do
    password_file="${PASSWORDS_DIRECTORY:-/run/secrets}/postgres_password_$service"
    psql -v ON_ERROR_STOP=1 --quiet <<SQL
\set role_password \`cat $password_file\`
ALTER ROLE messaging_$service PASSWORD :'role_password';
SQL
done
echo "roles of admin, billing, agent and ingest are up to date"
