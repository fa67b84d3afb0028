#!/usr/bin/env bash
# The published contract is the enforced one. Starts an ephemeral stack and the four services, then
# runs Schemathesis with every check over proto-schemas/openapi.yaml against the running gateway
# and read-api (fixed seed, bounded examples), and the differential run of POST /events against
# the reference JSON Schema validator (tests/api/differential_events.py). Exits non-zero on any
# failure. Run by CTest as api_contract_test; tools come from PyPI into a cached virtualenv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
# shellcheck source=deploy/local/lib.sh
source "$repo_root/deploy/local/lib.sh"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"
examples="${ORDERFLOW_CONTRACT_EXAMPLES:-30}"
seed="${ORDERFLOW_CONTRACT_SEED:-20261123}"

# tool_venv NAME: a cached virtualenv with tests/api/requirements-NAME.txt, rebuilt when it changes.
tool_venv() {
  local venv="$ORDERFLOW_CACHE_DIR/contract-$1" requirements="$here/requirements-$1.txt"
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    log "installing $1 tools from PyPI into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$requirements" >&2
    cp "$requirements" "$venv/requirements.txt"
  fi
  echo "$venv"
}
schemathesis_venv="$(tool_venv schemathesis)"
differential_venv="$(tool_venv differential)"

work="$(mktemp -d)"
stack_dir="$(mktemp -d)"  # its own: stack.sh hands it to the postgres user
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$repo_root/deploy/local/stack.sh" down --dir "$stack_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$repo_root/deploy/local/stack.sh" up --ephemeral --dir "$stack_dir" --owner-pid $$ >/dev/null
set -a
# shellcheck source=/dev/null
source "$stack_dir/stack.env"
set +a

# The key every write below is sent with (schemathesis' ignored_auth check also sends none and a
# wrong one, and requires 401).
api_key="$("$build_dir/services/keys-tool/orderflow-keys" create contract-tests --rate 1000000 --burst 1000000)"

declare -A ports
for service in gateway read-api validator processor; do
  ports[$service]=$(free_port)
  HTTP_PORT="${ports[$service]}" "$build_dir/services/$service/orderflow-$service" > "$work/$service.log" 2>&1 &
  pids+=($!)
done
for service in gateway read-api validator processor; do
  wait_until 90 "$service" curl -sf "http://127.0.0.1:${ports[$service]}/ready" -o /dev/null
done
gateway="http://127.0.0.1:${ports[gateway]}"
read_api="http://127.0.0.1:${ports[read-api]}"

status=0
schemathesis() {
  local url="$1" paths="$2"
  (cd "$work" && "$schemathesis_venv/bin/st" --config-file "$here/schemathesis.toml" run "$repo_root/proto-schemas/openapi.yaml" --url "$url" \
      --header "Authorization: Bearer $api_key" \
      --include-path-regex "$paths" --checks all --seed "$seed" --max-examples "$examples" \
      --phases examples,coverage,fuzzing --workers 2 --no-color) || status=1
}
log "Schemathesis against the gateway ($gateway)"
schemathesis "$gateway" '^/(order|events|users|orders|payments|inventory/adjustments|products|health|ready|metrics)$'
# POST /reviews/{id}/decision is left out: every valid body needs a review that exists, which
# generated ids never name (tests/e2e/risk_test.cpp covers it).
log "Schemathesis against the read-api ($read_api)"
schemathesis "$read_api" '^/((users|orders|inventory|products|events)/\{[a-z]+\}|reviews|health|ready|metrics)$'

log "differential run of POST /events against the reference validator"
ORDERFLOW_API_KEY="$api_key" "$differential_venv/bin/python" "$here/differential_events.py" "$gateway" "$repo_root/proto-schemas" \
  "${ORDERFLOW_DIFFERENTIAL_EVENTS:-3000}" "$seed" || status=1

if [ "$status" != 0 ]; then
  for service in gateway read-api; do
    echo "--- last lines of $service's log"; tail -n 20 "$work/$service.log"
  done
fi
exit "$status"
