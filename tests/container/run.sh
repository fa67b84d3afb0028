#!/usr/bin/env bash
# The container image as users run it, built and run with Debian's podman:
#   1. builds deploy/docker/Dockerfile as it is, from a debian:bookworm-slim made by debootstrap
#      (base-image.sh; no registry is reachable), and reports the build time, the image size and
#      the user it runs as (never root);
#   2. runs the five services from the image, one container each, against an ephemeral stack
#      (deploy/local/stack.sh) and sends an order through them, read back through the read-api;
#   3. brings up docker-compose.yml's orderflow services with podman-compose (compose.yml here
#      points them at the same stack: Kafka, PostgreSQL, Redis, Prometheus and Grafana come from
#      registries this machine cannot reach), and sends an order through those.
# Not part of deploy/local/test.sh: the image compiles orderflow from scratch (minutes on two
# cores). Writes the figures to $CONTAINER_REPORT (default build/container-report.md).
#   tests/container/run.sh                  everything, the image built from scratch
#   tests/container/run.sh --reuse-image    steps 2 and 3 with the image built last time
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
source "$repo_root/deploy/local/lib.sh"
source "$here/podman.sh"

report="${CONTAINER_REPORT:-$repo_root/build/container-report.md}"
image="localhost/orderflow:latest"
run_id="c$$"
work="$(mktemp -d)"
chmod 755 "$work"  # the stack's PostgreSQL runs as the postgres user
containers=()
compose_up=0
cleanup() {
  local status=$?
  if [ "$compose_up" = 1 ]; then
    # podman-compose 1.0.3 makes the project's network and the volumes of the services it tried
    # (despite --no-deps); `down` removes neither unless told.
    compose down -v > /dev/null 2>&1 || true
    "${podman[@]}" network rm -f "${compose_project}_default" > /dev/null 2>&1 || true
  fi
  for name in "${containers[@]}"; do "${podman[@]}" rm -f "$name" > /dev/null 2>&1 || true; done
  "$repo_root/deploy/local/stack.sh" down --dir "$work/stack" > /dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

install_container_tools
bash "$here/base-image.sh"
choose_runtime

# --- 1. the image --------------------------------------------------------------------------------
build_time="reused"
if [ "${1:-}" != --reuse-image ] || ! podman image exists "$image"; then
  log "building $image from deploy/docker/Dockerfile (runtime: ${runtime_note})"
  started=$SECONDS
  "${podman[@]}" build --pull=never --no-cache -f "$repo_root/deploy/docker/Dockerfile" -t "$image" "$repo_root" \
    > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; die "the image did not build"; }
  build_time="$((SECONDS - started)) s"
  # The build stage's image (compilers, sources: ~800 MB) is left untagged; it is not kept.
  podman image prune -f --filter label=org.orderflow.stage=build > /dev/null
fi
size_bytes=$("${podman[@]}" image inspect --format '{{.Size}}' "$image")
user=$("${podman[@]}" image inspect --format '{{.Config.User}}' "$image")
uid=$("${podman[@]}" run --rm --network host "$image" id -u)
[ "$uid" != 0 ] || die "the image runs as root"
log "image ($build_time): $((size_bytes / 1024 / 1024)) MiB, runs as $user (uid $uid)"

# --- 2. the services in containers ---------------------------------------------------------------
"$repo_root/deploy/local/stack.sh" up --ephemeral --dir "$work/stack" --owner-pid $$ > /dev/null
set -a; source "$work/stack/stack.env"; set +a
# Keys made before the gateways start, so that their first load of the keys has them.
key=$("${podman[@]}" run --rm --network host -e DATABASE_URL "$image" \
  orderflow-keys create "$run_id-client" --types '*' 2> /dev/null)
compose_key=$("${podman[@]}" run --rm --network host -e DATABASE_URL "$image" \
  orderflow-keys create "$run_id-compose" --types '*' 2> /dev/null)
topics=(-e "TOPIC_EVENTS_RAW=$run_id.raw" -e "TOPIC_EVENTS_VALIDATED=$run_id.validated"
        -e "TOPIC_DEAD_LETTERS=$run_id.dlq" -e "TOPIC_EVENTS_ENRICHED=$run_id.enriched")
declare -A port
taken=""
for service in gateway validator processor risk read-api; do
  port[$service]=$(free_port $taken)
  taken+=" ${port[$service]}"
  name="orderflow-$service-$run_id"
  containers+=("$name")
  # Host networking reaches the stack on loopback; the services listen on loopback too.
  "${podman[@]}" run -d --name "$name" --network host \
    -e KAFKA_BROKERS -e DATABASE_URL -e REDIS_URL "${topics[@]}" -e CONSUMER_GROUP="$run_id-$service" \
    -e HTTP_HOST=127.0.0.1 -e HTTP_PORT="${port[$service]}" -e LOG_LEVEL=info \
    "$image" "orderflow-$service" > /dev/null
done
for service in gateway validator processor risk read-api; do
  # In a subshell: wait_until exits on timeout, and the container's log should be shown first.
  (wait_until 90 "orderflow-$service in its container to be ready" ready "${port[$service]}") \
    || { "${podman[@]}" logs "orderflow-$service-$run_id" 2>&1 | tail -20 >&2; exit 1; }
done
send_order_and_read_it_back "${port[gateway]}" "${port[read-api]}" "$key" "$run_id-containers"
log "an order went through the five services in containers"

# --- 3. docker-compose.yml with podman-compose ----------------------------------------------------
compose_project="orderflow-$run_id"
compose() {
  (cd "$repo_root" && ORDERFLOW_OCI_RUNTIME_WRAPPER="$runtime" \
     podman-compose --podman-path "$here/podman-for-compose" -p "$compose_project" \
     -f docker-compose.yml -f "$work/compose.yml" "$@")
}
declare -A compose_port
for service in gateway validator processor risk read-api; do
  compose_port[$service]=$(free_port $taken)
  taken+=" ${compose_port[$service]}"
done
mkdir -p "$work/secrets"
echo "$DATABASE_URL" > "$work/secrets/database-url"
echo "$REDIS_URL" > "$work/secrets/redis-url"
render_compose_override > "$work/compose.yml"
compose_up=1
# podman-compose 1.0.3 tries the dependencies (kafka, postgres, redis) despite --no-deps; their images
# cannot be pulled here, so those attempts fail and are left in the log. Healthchecks need systemd
# timers, which this machine does not run: readiness is polled below instead.
compose up -d --no-deps --no-build gateway validator processor risk read-api > "$work/compose.log" 2>&1 || true
for service in gateway validator processor risk read-api; do
  (wait_until 90 "compose service $service to be ready" ready "${compose_port[$service]}") \
    || { grep -iv "^podman run" "$work/compose.log" | tail -40 >&2; exit 1; }
done
send_order_and_read_it_back "${compose_port[gateway]}" "${compose_port[read-api]}" "$compose_key" "$run_id-compose"
log "an order went through docker-compose.yml's services under podman-compose"

mkdir -p "$(dirname "$report")"
cat > "$report" <<EOF
# Container image (tests/container/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC'))

| | |
|---|---|
| build from scratch (\`--no-cache\`, two cores) | ${build_time} |
| image size | $((size_bytes / 1024 / 1024)) MiB |
| runs as | $user (uid $uid) |
| OCI runtime | ${runtime_note} |
| five services as containers, an order through them | passed |
| docker-compose.yml's five orderflow services with podman-compose, an order through them | passed |
EOF
cat "$report"
