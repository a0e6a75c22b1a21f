#!/usr/bin/env bash
# Runs roles.sql or grants.sql against the target database with psql, the passwords read from the
# Secrets create-secrets.sh made and handed to psql on its standard input (\set), never on a
# command line (docs/kubernetes.md "Secrets and database roles").
#   deploy/kubernetes/bootstrap/roles.sh roles  'postgresql://postgres@HOST:5432/unified'
#   deploy/kubernetes/bootstrap/roles.sh grants 'postgresql://postgres@HOST:5432/unified'
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ns="${TRIBUTARY_NAMESPACE:-tributary}"
[ $# -eq 2 ] && { [ "$1" = roles ] || [ "$1" = grants ]; } ||
  { echo "usage: $0 roles|grants POSTGRESQL_URL" >&2; exit 2; }

password() {
  kubectl -n "$ns" get secret "tributary-db-$1" -o jsonpath='{.data.password}' | base64 -d
}

{
  if [ "$1" = roles ]; then
    for service in orchestrator cdc validator connect; do
      printf '\\set %s_password %s\n' "$service" "$(password "$service")"
    done
  fi
  cat "$here/$1.sql"
} | psql -X -q -v ON_ERROR_STOP=1 "$2"
