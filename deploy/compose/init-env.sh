#!/usr/bin/env bash
# Generates the secrets compose.yaml requires (it refuses to start without them), once:
# deploy/compose/.env (the passwords and the operator token, mode 0600; Compose reads it from the
# compose file's directory) and pgbouncer/userlist.txt (PgBouncer's admin password). Existing files
# are kept; delete them (and the postgres-data volume, whose roles were made with the old
# passwords) to start afresh. Nothing secret is printed: read .env for the token.
#   deploy/compose/init-env.sh && docker compose -f deploy/compose/compose.yaml up -d
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
umask 077
hex() { openssl rand -hex "$1"; }
if [ -e "$here/.env" ]; then
  echo "$here/.env: exists, kept"
else
  {
    echo "TRIBUTARY_TOKEN=$(hex 32)"
    echo "POSTGRES_PASSWORD=$(hex 24)"
    echo "TRIBUTARY_DB_ORCHESTRATOR_PASSWORD=$(hex 24)"
    echo "TRIBUTARY_DB_CDC_PASSWORD=$(hex 24)"
    echo "TRIBUTARY_DB_VALIDATOR_PASSWORD=$(hex 24)"
  } >"$here/.env"
  echo "$here/.env: created"
fi
if [ -e "$here/pgbouncer/userlist.txt" ]; then
  echo "$here/pgbouncer/userlist.txt: exists, kept"
else
  printf '"pgbouncer" "%s"\n' "$(hex 24)" >"$here/pgbouncer/userlist.txt"
  echo "$here/pgbouncer/userlist.txt: created (add the applications' roles)"
fi
