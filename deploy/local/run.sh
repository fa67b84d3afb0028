#!/usr/bin/env bash
# Installs what is missing, builds, starts the development stack (Kafka :9092, PostgreSQL :5432,
# Redis :6379, data in .orderflow/) and the five services in the foreground:
#   gateway :8080   read-api :8081   validator :8082   processor :8083   risk :8084
# Writes need an API key: each run issues a fresh "development" key (the previous one is revoked),
# prints it and keeps it in .orderflow/dev-api-key.
# Ctrl-C stops the services gracefully, then the stack; its data is kept for the next run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

"$here/install-deps.sh"
"$here/build.sh"
"$here/stack.sh" up

set -a
source "$repo_root/.orderflow/stack/stack.env"
set +a

keys="$build_dir/services/keys-tool/orderflow-keys"
"$keys" revoke development > /dev/null 2>&1 || true
api_key="$("$keys" create development 2> /dev/null)"
(umask 077 && echo "$api_key" > "$repo_root/.orderflow/dev-api-key")

pids=()
stopped=0
stop_all() {
  [ "$stopped" = 0 ] || return 0
  stopped=1
  # Cleanup must finish even if the terminal or a pipe (| tee) went away with the Ctrl-C.
  set +e
  trap '' PIPE
  log "stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$here/stack.sh" down
  log "stopped"
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM

start_service() {
  local name="$1" port="$2"
  HTTP_PORT="$port" "$build_dir/services/$name/orderflow-$name" &
  pids+=($!)
}
start_service gateway 8080
start_service read-api 8081
start_service validator 8082
start_service processor 8083
start_service risk 8084

# Ready, not only alive: the read-api reaches PostgreSQL, the consumers hold their partitions.
for port in 8080 8081 8082 8083 8084; do
  wait_until 90 "the service on port $port" curl -sf "http://127.0.0.1:$port/ready" -o /dev/null
done
log "orderflow is up: POST http://127.0.0.1:8080/order, GET http://127.0.0.1:8081/orders/{id}. Ctrl-C stops it."
log "development API key (also in .orderflow/dev-api-key): $api_key"
log "  curl -H \"Authorization: Bearer \$(cat .orderflow/dev-api-key)\" -H 'Content-Type: application/json' \\"
log "       -d '{\"id\":\"o-1\",\"user_id\":\"u-1\",\"total\":9.99,\"status\":\"pending\",\"timestamp\":\"2026-01-01T00:00:00Z\"}' \\"
log "       http://127.0.0.1:8080/order"
# Any service exiting on its own ends the run, so a crash is never hidden behind the others.
wait -n "${pids[@]}" || true
log "a service exited; stopping the rest"
