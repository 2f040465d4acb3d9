#!/usr/bin/env bash
# create-from-files.sh [SECRETS_DIRECTORY]: the cluster objects made from files outside this folder:
# the Secrets, from the files deploy/compose/generate-secrets.sh wrote (run it first with REDIS_HOST
# and POSTGRES_HOST set to where the cluster reaches them, and put your PostgreSQL superuser's
# password in postgres_password), and the ConfigMap holding deploy/postgres/roles.sql. Idempotent:
# run it again after rotating a file. Nothing secret is printed or passed on a command line: kubectl
# reads every value from its file.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secrets="${1:-$root/deploy/compose/secrets}"
namespace="${NAMESPACE:-messaging}"
postgres_host="${POSTGRES_HOST:?POSTGRES_HOST: where the roles job reaches PostgreSQL as its superuser}"
postgres_user="${POSTGRES_SUPERUSER:-postgres}"

apply() { kubectl -n "$namespace" create "$@" --dry-run=client -o yaml | kubectl apply -f -; }

kubectl get namespace "$namespace" > /dev/null 2>&1 || kubectl create namespace "$namespace"

shared=(--from-file=redis-connection="$secrets/redis_connection" --from-file=secrets-master-key="$secrets/secrets_master_key")
for caller in gateway admin billing ingest agent apphost; do
    shared+=(--from-file=service-credential-hash-$caller="$secrets/service_credential_hash_$caller")
done
apply secret generic messaging-shared "${shared[@]}"

for service in gateway admin billing ingest agent; do
    own=(--from-file=service-credential="$secrets/service_credential_$service")
    if [ "$service" != gateway ]; then
        own+=(--from-file=messaging-connection="$secrets/messaging_connection_$service")
    fi
    apply secret generic "messaging-$service" "${own[@]}"
done

superuser=(--from-literal=host="$postgres_host" --from-literal=user="$postgres_user" --from-file=password="$secrets/postgres_password")
for service in admin billing agent ingest; do
    superuser+=(--from-file=password-$service="$secrets/postgres_password_$service")
done
apply secret generic messaging-postgres-superuser "${superuser[@]}"

apply configmap messaging-roles --from-file=roles.sql="$root/deploy/postgres/roles.sql" --from-file=apply-roles.sh="$root/deploy/compose/apply-roles.sh"
