#!/usr/bin/env bash
# One line per component of Tributary's local runtime: name, running/stopped, pid, port, and for
# services the readiness (/q/health/ready). Exit 0 if all are running, 3 otherwise.
# Usage: deploy/local/status.sh [--infra-only]   (--infra-only: judge only PostgreSQL and Kafka)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

infra_only=false
for arg in "$@"; do
  case "$arg" in
    --infra-only) infra_only=true ;;
    -h | --help)
      sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '$arg' (usage: status.sh [--infra-only])" ;;
  esac
done

validate_ports
all_running=true

# row NAME STATE PID PORT [HEALTH]
row() { printf '%-22s %-8s pid %-8s port %-6s %s\n' "$1" "$2" "${3:--}" "$4" "${5:-}"; }

# infra NAME PID PORT: a PostgreSQL cluster or the broker, running when alive and the port answers.
infra() {
  local name="$1" pid="$2" port="$3"
  if [[ -n "$pid" ]] && port_open "$port"; then
    row "$name" running "$pid" "$port"
  elif [[ -n "$pid" ]]; then
    row "$name" starting "$pid" "$port" "(port not answering)"
    all_running=false
  else
    row "$name" stopped "" "$port"
    all_running=false
  fi
}

for name in "${TRIBUTARY_PG_CLUSTERS[@]}"; do
  infra "$name" "$(pg_running_pid "$name")" "$(pg_port "$name")"
done
infra kafka "$(kafka_running_pid)" "$TRIBUTARY_KAFKA_PORT"

for svc in "${TRIBUTARY_SERVICES[@]}"; do
  pid="$(service_running_pid "$svc")"
  port="$(service_port "$svc")"
  if [[ -n "$pid" ]]; then
    code="$(http_status "$(service_health_url "$svc")")"
    if [[ "$code" == 200 ]]; then
      row "$svc" running "$pid" "$port" "health UP (200)"
    else
      row "$svc" running "$pid" "$port" "health NOT READY ($code)"
      [[ "$infra_only" == true ]] || all_running=false
    fi
  else
    row "$svc" stopped "" "$port" "health -"
    [[ "$infra_only" == true ]] || all_running=false
  fi
done

if [[ "$all_running" == true ]]; then
  exit 0
fi
exit 3
