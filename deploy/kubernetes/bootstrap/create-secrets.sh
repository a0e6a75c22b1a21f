#!/usr/bin/env bash
# Creates the Secrets deploy/kubernetes/ reads, each with a generated value (openssl rand), before
# `kubectl apply -f deploy/kubernetes/` (docs/kubernetes.md "Secrets and database roles"). No
# manifest ships a secret value. A Secret that exists already is kept (delete it to rotate, then
# ALTER ROLE ... PASSWORD with roles.sh and restart the pods that read it). Values go through files
# of a private temporary directory, never a command line; nothing secret is printed.
#   deploy/kubernetes/bootstrap/create-secrets.sh   (namespace: $TRIBUTARY_NAMESPACE, default tributary)
set -euo pipefail
ns="${TRIBUTARY_NAMESPACE:-tributary}"
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# secret NAME KEY FILE: creates Secret NAME with KEY read from FILE, unless it exists.
secret() {
  if kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; then
    echo "secret $1: exists, kept"
  else
    kubectl -n "$ns" create secret generic "$1" --from-file="$2=$3" >/dev/null
    echo "secret $1: created"
  fi
}

# random NAME: a fresh value in $tmp/NAME (hex, no newline).
random() {
  printf '%s' "$(openssl rand -hex "$2")" >"$tmp/$1"
}

# One `secret NAME KEY FILE` line per Secret (the manifest tests read them: what the manifests
# reference is made here).

# The operator credential (Authorization: Bearer <token>, tributary.auth.*).
random token 32
secret tributary-operator token "$tmp/token"

# Each service's own PostgreSQL login (roles.sql makes the roles with these passwords).
random orchestrator 24
secret tributary-db-orchestrator password "$tmp/orchestrator"
random cdc 24
secret tributary-db-cdc password "$tmp/cdc"
random validator 24
secret tributary-db-validator password "$tmp/validator"
random connect 24
secret tributary-db-connect password "$tmp/connect"

# PgBouncer's admin user (admin_users = pgbouncer); add the applications' roles to userlist.txt.
random pgbouncer 24
printf '"pgbouncer" "%s"\n' "$(cat "$tmp/pgbouncer")" >"$tmp/userlist.txt"
secret pgbouncer-auth userlist.txt "$tmp/userlist.txt"
