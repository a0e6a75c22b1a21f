#!/bin/sh
# Run once by the postgres image when it creates its data directory (docker-entrypoint-initdb.d):
# the logins of Tributary's services, as deploy/kubernetes/bootstrap/roles.sql makes them, with the
# passwords compose.yaml passes from .env (init-env.sh). The passwords reach psql on its standard
# input, not its command line. Compose runs no Connect workers: their login gets a random password.
set -eu
{
  printf '\\set orchestrator_password %s\n' "$TRIBUTARY_DB_ORCHESTRATOR_PASSWORD"
  printf '\\set cdc_password %s\n' "$TRIBUTARY_DB_CDC_PASSWORD"
  printf '\\set validator_password %s\n' "$TRIBUTARY_DB_VALIDATOR_PASSWORD"
  printf '\\set connect_password %s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  cat /tributary/roles.sql
} | psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB"
