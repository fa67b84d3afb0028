# Helpers of tests/container/run.sh (sourced, after deploy/local/lib.sh).

container_packages=(podman runc debootstrap podman-compose uidmap fuse-overlayfs slirp4netns)

# Debian's podman and what it runs on, installed once.
install_container_tools() {
  local missing=() package
  for package in "${container_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
}

# Sets `podman` (the command, as an array), `runtime` (empty for podman's default) and
# `runtime_note`. The default OCI runtime is used wherever it can start a container; only where it
# cannot (a machine that forbids setrlimit, as some sandboxes do) does the wrapper beside this file
# run containers without their resource limits.
choose_runtime() {
  local base="docker.io/library/debian:bookworm-slim" error
  if error=$(podman run --rm --network host "$base" true 2>&1); then
    podman=(podman); runtime=""; runtime_note="podman's default"
    return
  fi
  runtime="$here/oci-runtime-without-limits"
  podman=(podman --runtime "$runtime")
  runtime_note="oci-runtime-without-limits (the default failed: $(echo "$error" | tail -n1 | sed "s/.*error setting rlimits/error setting rlimits/" | cut -c1-120))"
  log "the default OCI runtime cannot start a container here; using $runtime"
  "${podman[@]}" run --rm --network host "$base" true > /dev/null \
    || die "containers do not start with the fallback runtime either"
}

ready() { curl -sf "http://127.0.0.1:$1/ready" > /dev/null; }

# POST /order with `key`, then polls GET /orders/{id} on the read-api until the order is there with
# its exact amount.
send_order_and_read_it_back() {
  local gateway_port="$1" read_port="$2" key="$3" order_id="$4" status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$gateway_port/order" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$order_id\",\"user_id\":\"container-user\",\"total\":1234.56,\"status\":\"pending\",\"timestamp\":\"2025-10-06T17:00:00Z\"}")
  [ "$status" = 202 ] || die "POST /order answered $status, not 202"
  order_stored() { curl -sf "http://127.0.0.1:$read_port/orders/$order_id" | grep -q '"totalAmount":1234.56'; }
  wait_until 60 "order $order_id readable through the read-api" order_stored
}

# The override that points docker-compose.yml's orderflow services at the ephemeral stack: host
# networking (the stack listens on loopback), loopback-only listeners on free ports, and the
# stack's URLs in place of the compose secrets' development values.
render_compose_override() {
  echo "services:"
  local service
  for service in gateway validator processor risk read-api; do
    cat <<EOF
  $service:
    image: $image
    network_mode: host
    environment:
      KAFKA_BROKERS: "$KAFKA_BROKERS"
      HTTP_HOST: 127.0.0.1
      HTTP_PORT: ${compose_port[$service]}
      CONSUMER_GROUP: "$run_id-compose-$service"
      TOPIC_EVENTS_RAW: "$run_id-compose.raw"
      TOPIC_EVENTS_VALIDATED: "$run_id-compose.validated"
      TOPIC_DEAD_LETTERS: "$run_id-compose.dlq"
      TOPIC_EVENTS_ENRICHED: "$run_id-compose.enriched"
EOF
  done
  cat <<EOF
secrets:
  database-url: {file: $work/secrets/database-url}
  redis-url: {file: $work/secrets/redis-url}
EOF
}
