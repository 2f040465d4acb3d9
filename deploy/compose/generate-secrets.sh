#!/usr/bin/env bash
# generate-secrets.sh [DIRECTORY]: creates every secret the deployment needs, one file each, in
# DIRECTORY (default: secrets/ beside this script), keeping files that already exist. compose.yaml
# mounts them; deploy/kubernetes/create-secrets.sh turns the same files into Kubernetes Secrets.
#
#   REDIS_HOST, POSTGRES_HOST   where the services reach them (default: redis, postgres, the compose names)
#
# The directory is owner-only (0700); the files in it are readable (0444) because the containers'
# unprivileged users read their bind-mounted copies, and nobody else on this host can reach them.
# Rotate a value by deleting its file and running this again (for a service credential, see the
# README: the callees list the new hash beside the old one first).
set -euo pipefail
directory="${1:-$(dirname "$0")/secrets}"
redis_host="${REDIS_HOST:-redis}"
postgres_host="${POSTGRES_HOST:-postgres}"
umask 077
mkdir -p "$directory"
chmod 0700 "$directory"

# write NAME: stdin into DIRECTORY/NAME unless it is already there.
write() {
    local file="$directory/$1"
    if [ ! -e "$file" ]; then
        cat > "$file"
        chmod 0444 "$file"
    else
        cat > /dev/null
    fi
}
random_hex() { openssl rand -hex 32; }
read_secret() { cat "$directory/$1"; }

random_hex | write redis_password
printf 'requirepass %s\n' "$(read_secret redis_password)" | write redis_auth.conf
printf '%s:6379,password=%s\n' "$redis_host" "$(read_secret redis_password)" | write redis_connection

random_hex | write postgres_password
# One login per service (roles messaging_<service>, deploy/postgres/roles.sql); the gateway has none.
for service in admin billing agent ingest; do
    random_hex | write "postgres_password_$service"
    printf 'Host=%s;Port=5432;Database=messaging;Username=messaging_%s;Password=%s\n' \
        "$postgres_host" "$service" "$(read_secret "postgres_password_$service")" | write "messaging_connection_$service"
done

# One credential per calling service, plus "apphost": the deployment's own tools (a first owner, credit grants).
for caller in gateway admin billing ingest agent apphost; do
    random_hex | write "service_credential_$caller"
    printf '%s' "$(read_secret "service_credential_$caller")" | openssl dgst -sha256 -binary | openssl base64 -A | write "service_credential_hash_$caller"
done

# Encrypts the Data Protection key ring at rest; back it up with the database.
openssl rand -base64 32 | write secrets_master_key

echo "secrets in $directory"
