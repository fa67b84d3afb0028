# Helpers shared by the scripts in deploy/local. Sourced, never run.

ORDERFLOW_KAFKA_VERSION="3.9.1"
ORDERFLOW_CACHE_DIR="${ORDERFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orderflow}"

# Debian packages the build, the stack and the tests need.
ORDERFLOW_APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl
  librdkafka-dev libcpp-httplib-dev nlohmann-json3-dev libpqxx-dev libhiredis-dev
  libmicrohttpd-dev libre2-dev libsimdjson-dev
  prometheus-cpp-dev libgtest-dev libgmock-dev json-schema-test-suite
  postgresql postgresql-client redis-server redis-tools
  default-jre-headless maven iproute2 openssl libcpp-jwt-dev
  prometheus docker-compose
  clang libclang-rt-14-dev clang-format clang-tidy python3-venv
)
# kubectl renders deploy/k8s in the tests; installed when the machine's package sources have it.
ORDERFLOW_OPTIONAL_APT_PACKAGES=(kubectl)

log() { echo "[orderflow] $*" >&2; }
die() { echo "[orderflow] error: $*" >&2; exit 1; }
# With set -e a failing command ends a script; this says which one (errtrace: in functions too).
set -o errtrace
trap 'echo "[orderflow] error: $(basename "$0") line $LINENO: \`$BASH_COMMAND\` failed" >&2' ERR

kafka_libs_dir() { echo "$ORDERFLOW_CACHE_DIR/kafka-$ORDERFLOW_KAFKA_VERSION/libs"; }

port_in_use() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

taken_ports=" "
# A free TCP port below the kernel's ephemeral range: a port there can be held by any outgoing
# connection on the machine (a test with thousands of client sockets), and a server would then fail
# to bind it. Never one of the ports given as arguments: a caller picking several in a row passes
# the ones it already has (each $(free_port) runs in a subshell, so this shell's record of the
# ports it handed out does not see the others).
free_port() {
  local port ephemeral_low taken="$taken_ports$* "
  ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  while :; do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    case "$taken" in *" $port "*) continue ;; esac
    if ! port_in_use "$port"; then taken_ports+="$port "; echo "$port"; return; fi
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid PIDFILE SIGNAL SECONDS: signal the process, wait for it to exit, SIGKILL it if it won't.
stop_pid() {
  local pidfile="$1" signal="$2" seconds="$3" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + seconds))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$pidfile"
}

# wait_until SECONDS WHAT COMMAND...: poll COMMAND until it succeeds or the time is up.
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${seconds}s waiting for $what"
    sleep 0.2
  done
}

require_installed() {
  [ -n "$(ls "$(kafka_libs_dir)" 2>/dev/null)" ] && command -v redis-server > /dev/null \
    && ls -d /usr/lib/postgresql/*/bin > /dev/null 2>&1 \
    || die "dependencies are missing; run deploy/local/install-deps.sh first"
}
