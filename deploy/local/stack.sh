#!/usr/bin/env bash
# The local infrastructure orderflow runs on: one Apache Kafka broker (KRaft, broker+controller),
# PostgreSQL and Redis, each a plain process with its data in one state directory.
#
#   stack.sh up    [--ephemeral] [--secure] [--brokers 3] [--dir DIR] [--owner-pid PID]
#                                                                start everything, write DIR/stack.env
#   stack.sh down  [--dir DIR]                                   stop everything (ephemeral: delete DIR)
#   stack.sh stop|start|kill COMPONENT [--dir DIR]              one of: kafka postgres redis,
#                                                                or kafka-N (one broker of several)
#   stack.sh status [--dir DIR]
#
# Development mode (the default) uses the usual ports (9092/5432/6379, overridable with
# ORDERFLOW_KAFKA_PORT, ORDERFLOW_PG_PORT, ORDERFLOW_REDIS_PORT) and keeps its data in
# .orderflow/stack at the repository root. --ephemeral picks free ports, trades durability for
# speed, and with --owner-pid tears itself down when that process exits, however it exits.
# --secure (for the security tests) makes certificates and passwords (pki.sh) and runs Kafka with a
# SASL_SSL listener and SCRAM-SHA-512 users, PostgreSQL accepting only TLS with scram-sha-256, and
# Redis on TLS only with an ACL user (the default user off); stack.env then says how to reach them,
# passwords through *_FILE settings.
# --brokers 3 starts a cluster of three Kafka nodes instead of one (each a broker and a KRaft
# controller, the three a controller quorum), with replication factor 3 and min.insync.replicas=2
# for every topic: a broker can be lost without losing an acknowledged write or stopping producers.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
# shellcheck source=deploy/local/lib.sh
source "$here/lib.sh"
# shellcheck source=deploy/local/pki.sh
source "$here/pki.sh"

command="${1:-}"; shift || true
component=""
case "$command" in stop|start|kill) component="${1:-}"; shift || true ;; esac

ephemeral=0
secure=0
brokers=1
brokers_given=0
state_dir=""
owner_pid=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ephemeral) ephemeral=1 ;;
    --secure) secure=1 ;;
    --brokers) brokers="$2"; brokers_given=1; shift ;;
    --dir) state_dir="$2"; shift ;;
    --owner-pid) owner_pid="$2"; shift ;;
    *) die "unknown argument: $1 (see the header of $0)" ;;
  esac
  shift
done
[ -n "$state_dir" ] || state_dir="$repo_root/.orderflow/stack"
case "$brokers" in 1|3) ;; *) die "--brokers takes 1 or 3, not '$brokers'" ;; esac
if [ "$secure" = 1 ] && [ "$brokers" != 1 ]; then die "--secure runs one broker; it does not combine with --brokers"; fi

tls_dir="$state_dir/tls"
secrets_dir="$state_dir/secrets"
kafka_dir="$state_dir/kafka"
pg_dir="$state_dir/postgres"
redis_dir="$state_dir/redis"

# --- ports ---------------------------------------------------------------------------------------

# A state directory made before clusters existed has kafka_port/controller_port: one broker. An
# explicit --brokers that disagrees with the stack already in the directory is an error, not
# silently ignored.
load_ports() {
  local asked_brokers="$brokers"
  source "$state_dir/ports"
  if [ -z "${kafka_ports:-}" ]; then brokers=1; kafka_ports="$kafka_port"; controller_ports="$controller_port"; fi
  if [ "$command" = up ] && [ "$brokers_given" = 1 ] && [ "$asked_brokers" != "$brokers" ]; then
    die "$state_dir holds a stack of $brokers broker(s), not $asked_brokers: use another --dir"
  fi
}

choose_ports() {
  if [ -f "$state_dir/ports" ]; then load_ports; return; fi
  local i
  kafka_ports=""; controller_ports=""
  if [ "$ephemeral" = 1 ]; then
    for ((i = 1; i <= brokers; i++)); do
      kafka_ports+="$(free_port $kafka_ports $controller_ports) "
      controller_ports+="$(free_port $kafka_ports $controller_ports) "
    done
    pg_port=$(free_port $kafka_ports $controller_ports)
    redis_port=$(free_port $kafka_ports $controller_ports "$pg_port")
  else
    # Further brokers take the next pairs of ports: 9094/9095, 9096/9097.
    local base="${ORDERFLOW_KAFKA_PORT:-9092}" controller_base="${ORDERFLOW_KAFKA_CONTROLLER_PORT:-9093}"
    for ((i = 0; i < brokers; i++)); do
      kafka_ports+="$((base + 2 * i)) "; controller_ports+="$((controller_base + 2 * i)) "
    done
    pg_port="${ORDERFLOW_PG_PORT:-5432}"
    redis_port="${ORDERFLOW_REDIS_PORT:-6379}"
    local port
    for port in $kafka_ports $controller_ports "$pg_port" "$redis_port"; do
      port_in_use "$port" && die "port $port is already in use by another process." \
        "Stop it, or choose other ports with ORDERFLOW_KAFKA_PORT / ORDERFLOW_KAFKA_CONTROLLER_PORT /" \
        "ORDERFLOW_PG_PORT / ORDERFLOW_REDIS_PORT."
    done
  fi
  cat > "$state_dir/ports" <<EOF
brokers=$brokers
kafka_ports="${kafka_ports% }"
controller_ports="${controller_ports% }"
kafka_port=${kafka_ports%% *}
controller_port=${controller_ports%% *}
pg_port=$pg_port
redis_port=$redis_port
ephemeral=$ephemeral
secure=$secure
EOF
}

# --- Kafka ---------------------------------------------------------------------------------------

kafka_classpath() { echo "$(kafka_libs_dir)/*"; }

# The Kafka functions below act on one node, chosen by select_node N (1-based). A single broker
# keeps its files in kafka/ itself, node N of a cluster in kafka/node-N.
select_node() {
  node_id="$1"
  node_dir="$kafka_dir"
  [ "$brokers" = 1 ] || node_dir="$kafka_dir/node-$node_id"
  local ports=($kafka_ports) controllers=($controller_ports)
  node_port="${ports[$((node_id - 1))]}"
  node_controller_port="${controllers[$((node_id - 1))]}"
}

# node.id@host:port of every controller: all nodes are voters.
quorum_voters() {
  local controllers=($controller_ports) voters="" i
  for ((i = 1; i <= brokers; i++)); do voters+="$i@127.0.0.1:${controllers[$((i - 1))]},"; done
  echo "${voters%,}"
}

# `exec` so that the recorded pid is the JVM's own, also when started in the background.
kafka_java() {
  exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} \
    -Xlog:gc:file="$node_dir/gc.log":uptime:filecount=2,filesize=10m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$node_dir/log4j.properties" -cp "$(kafka_classpath)" "$@"
}

# Replication: in a cluster every partition has a copy on each of the three brokers, and a write is
# acknowledged (acks=all) once two have it, so one broker may be down; a single broker has the one.
kafka_replication() {
  local min_isr=1
  if [ "$brokers" -ge 3 ]; then min_isr=2; fi
  cat <<EOF
default.replication.factor=$brokers
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$brokers
transaction.state.log.replication.factor=$brokers
transaction.state.log.min.isr=$min_isr
EOF
}

# ACLs can be set on a single broker (tests refuse one service's writes with them); with none,
# everyone may do anything. A cluster has no authorizer: its controllers, which reach each other
# as the anonymous user over plaintext, would be refused until the authorizer had loaded the
# metadata they are there to exchange.
kafka_authorizer() {
  [ "$brokers" = 1 ] || return 0
  echo "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
  echo "allow.everyone.if.no.acl.found=true"
}

# One cluster id for all nodes.
cluster_id() {
  if [ ! -f "$kafka_dir/cluster-id" ]; then
    mkdir -p "$kafka_dir"
    # A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
    head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' > "$kafka_dir/cluster-id"
  fi
  cat "$kafka_dir/cluster-id"
}

kafka_configure() {
  mkdir -p "$node_dir/data"
  cat > "$node_dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$node_id
controller.quorum.voters=$(quorum_voters)
$(kafka_listeners)
log.dirs=$node_dir/data
# Topics are created by the services with explicit partition counts, never implicitly.
auto.create.topics.enable=false
num.partitions=6
$(kafka_replication)
offsets.topic.num.partitions=6
group.initial.rebalance.delay.ms=0
$(kafka_authorizer)
# A small machine: the log cleaner's default 128 MiB dedupe buffer is most of the heap.
log.cleaner.dedupe.buffer.size=8388608
num.network.threads=2
num.io.threads=4
EOF
  cat > "$node_dir/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$node_dir/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
EOF
  local id
  id=$(cluster_id)
  local scram=()
  if [ "$secure" = 1 ]; then
    scram=(--add-scram "SCRAM-SHA-512=[name=broker,password=$(cat "$secrets_dir/kafka-broker")]"
           --add-scram "SCRAM-SHA-512=[name=orderflow,password=$(cat "$secrets_dir/kafka")]")
  fi
  # --cluster-id= form: an id may start with "-", which would read as an option.
  (kafka_java kafka.tools.StorageTool format --ignore-formatted --cluster-id="$id" \
    -c "$node_dir/server.properties" "${scram[@]}") > "$node_dir/format.log" 2>&1 \
    || die "formatting Kafka storage failed; see $node_dir/format.log"
}

# The client listener: PLAINTEXT, or with --secure SASL_SSL (SCRAM-SHA-512 over TLS) for clients and
# for the broker itself (inter-broker traffic), the controller staying on loopback.
kafka_listeners() {
  if [ "$secure" = 0 ]; then
    cat <<EOF
listeners=PLAINTEXT://127.0.0.1:$node_port,CONTROLLER://127.0.0.1:$node_controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$node_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
EOF
    return
  fi
  cat <<EOF
listeners=SASL_SSL://127.0.0.1:$node_port,CONTROLLER://127.0.0.1:$node_controller_port
advertised.listeners=SASL_SSL://127.0.0.1:$node_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$(cat "$secrets_dir/kafka-broker")";
ssl.keystore.type=PEM
ssl.keystore.location=$tls_dir/server-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$tls_dir/ca.pem
super.users=User:broker
EOF
}

# Starts the selected node without waiting for it. Sets launch_marker: how many start markers its
# log held before, or "running" when it already was.
kafka_node_launch() {
  [ -f "$node_dir/server.properties" ] || kafka_configure
  if pid_alive "$node_dir/kafka.pid"; then launch_marker=running; return; fi
  launch_marker=0
  if [ -f "$node_dir/kafka.log" ]; then
    launch_marker=$(grep -c "Kafka Server started" "$node_dir/kafka.log" || true)
  fi
  kafka_java kafka.Kafka "$node_dir/server.properties" > "$node_dir/stdout.log" 2>&1 &
  echo $! > "$node_dir/kafka.pid"
}

# Ready means the broker says it has started (its port opens earlier than it can serve). The nodes
# of a cluster are launched together: none finishes starting before a quorum of controllers is up.
kafka_start_nodes() {
  local markers=() i
  for i in "$@"; do select_node "$i"; kafka_node_launch; markers[$i]="$launch_marker"; done
  for i in "$@"; do
    select_node "$i"
    [ "${markers[$i]}" = running ] && continue
    wait_until 90 "Kafka node $i on port $node_port (log: $node_dir/kafka.log)" kafka_started "${markers[$i]}"
  done
}

kafka_started() {
  pid_alive "$node_dir/kafka.pid" || die "Kafka exited during start-up; see $node_dir/kafka.log and $node_dir/stdout.log"
  [ "$(grep -c "Kafka Server started" "$node_dir/kafka.log" 2>/dev/null || true)" -gt "$1" ]
}

all_nodes() { seq 1 "$brokers"; }
kafka_start() { kafka_start_nodes $(all_nodes); }
# All nodes are asked to stop at once: one by one, the last would wait for a controller quorum
# that is already gone to approve its shutdown.
kafka_stop() {
  local i
  for i in $(all_nodes); do
    select_node "$i"
    if pid_alive "$node_dir/kafka.pid"; then kill -TERM "$(cat "$node_dir/kafka.pid")" 2>/dev/null || true; fi
  done
  for i in $(all_nodes); do kafka_node_stop "$i"; done
}
kafka_kill() { local i; for i in $(all_nodes); do kafka_node_kill "$i"; done; }
# kafka-N: one node of a cluster.
kafka_node_start() { kafka_start_nodes "$1"; }
kafka_node_stop() { select_node "$1"; stop_pid "$node_dir/kafka.pid" TERM 60; }
kafka_node_kill() { select_node "$1"; stop_pid "$node_dir/kafka.pid" KILL 10; }

# host:port,host:port of every broker.
bootstrap_servers() {
  local servers="" port
  for port in $kafka_ports; do servers+="127.0.0.1:$port,"; done
  echo "${servers%,}"
}

# --- PostgreSQL ----------------------------------------------------------------------------------

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1; }

# postgres refuses to run as root, so as root its commands run as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_configure() {
  # A data directory without the marker is left from an interrupted set-up: start it over.
  rm -rf "$pg_dir/data"
  mkdir -p "$pg_dir/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$pg_dir"
  local sync_flag=()
  if [ "$ephemeral" = 1 ]; then sync_flag=(--no-sync); fi
  local auth=(-A trust)
  if [ "$secure" = 1 ]; then
    cp "$secrets_dir/postgres" "$pg_dir/pwfile"
    cp "$tls_dir/server.pem" "$tls_dir/server.key" "$pg_dir/"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir/pwfile" "$pg_dir/server.pem" "$pg_dir/server.key"
    auth=(--auth-local=trust --auth-host=scram-sha-256 --pwfile="$pg_dir/pwfile")
  fi
  as_pg "$(pg_bin)/initdb" -D "$pg_dir/data" -U orderflow "${auth[@]}" -E UTF8 --locale=C.UTF-8 \
    "${sync_flag[@]}" > "$pg_dir/initdb.log" 2>&1 || die "initdb failed; see $pg_dir/initdb.log"
  rm -f "$pg_dir/pwfile"
  if [ "$secure" = 1 ]; then
    # TCP only over TLS, with a password; the socket (the stack's own administration) stays trusted.
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n' \
      | as_pg tee "$pg_dir/data/pg_hba.conf" > /dev/null
    printf "ssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\nssl_min_protocol_version = 'TLSv1.2'\n" \
      "$pg_dir/server.pem" "$pg_dir/server.key" | as_pg tee -a "$pg_dir/data/postgresql.conf" > /dev/null
  fi
  {
    echo "port = $pg_port"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$pg_dir/socket'"
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    # Ephemeral data is thrown away: skipping fsync keeps tests fast without changing semantics
    # the tests observe (a restarted server still finds every committed row in the OS cache).
    if [ "$ephemeral" = 1 ]; then echo "fsync = off"; fi
  } | as_pg tee -a "$pg_dir/data/postgresql.conf" > /dev/null
  touch "$pg_dir/configured"
}

pg_start() {
  [ -f "$pg_dir/configured" ] || pg_configure
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 status > /dev/null 2>&1 && return
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start > /dev/null \
    || die "PostgreSQL did not start; see $pg_dir/postgres.log"
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'orderflow'" | grep -q 1 \
    || psql_admin -qc "CREATE DATABASE orderflow"
}

# Over the socket in secure mode, where TCP needs TLS and a password.
psql_admin() {
  local host=127.0.0.1
  [ "${secure:-0}" = 1 ] && host="$pg_dir/socket"
  psql -h "$host" -p "$pg_port" -U orderflow -d postgres -v ON_ERROR_STOP=1 "$@"
}

pg_stop() {
  [ -d "$pg_dir/data" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m fast -w -t 60 stop > /dev/null 2>&1 || true
}

pg_kill() {
  [ -d "$pg_dir/data" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m immediate -w -t 60 stop > /dev/null 2>&1 || true
}

# --- Redis ---------------------------------------------------------------------------------------

redis_start() {
  mkdir -p "$redis_dir"
  if pid_alive "$redis_dir/redis.pid"; then return; fi
  local persistence="appendonly yes"
  if [ "$ephemeral" = 1 ]; then persistence="appendonly no"; fi
  local listener="port $redis_port"
  if [ "$secure" = 1 ]; then
    listener="port 0
tls-port $redis_port
tls-cert-file $tls_dir/server.pem
tls-key-file $tls_dir/server.key
tls-ca-cert-file $tls_dir/ca.pem
tls-auth-clients no
user default off
user orderflow on >$(cat "$secrets_dir/redis") ~* &* +@all"
  fi
  (umask 077 && cat > "$redis_dir/redis.conf") <<EOF
$listener
bind 127.0.0.1
dir $redis_dir
daemonize yes
pidfile $redis_dir/redis.pid
logfile $redis_dir/redis.log
save ""
$persistence
EOF
  redis-server "$redis_dir/redis.conf"
  wait_until 30 "Redis on port $redis_port" redis_ready
}

redis_ready() {
  local client=(redis-cli -p "$redis_port")
  if [ "${secure:-0}" = 1 ]; then
    client+=(--tls --cacert "$tls_dir/ca.pem" --user orderflow --pass "$(cat "$secrets_dir/redis")" --no-auth-warning)
  fi
  [ "$("${client[@]}" ping 2>/dev/null)" = PONG ]
}
redis_stop() { stop_pid "$redis_dir/redis.pid" TERM 30; }
redis_kill() { stop_pid "$redis_dir/redis.pid" KILL 10; }

# --- whole stack ---------------------------------------------------------------------------------

write_env() {
  if [ "$secure" = 0 ]; then
    cat > "$state_dir/stack.env" <<EOF
KAFKA_BROKERS=$(bootstrap_servers)
TOPIC_REPLICATION_FACTOR=$brokers
DATABASE_URL=postgresql://orderflow@127.0.0.1:$pg_port/orderflow
REDIS_URL=redis://127.0.0.1:$redis_port/0
EOF
    return
  fi
  # URLs holding passwords are files too: the services read them through *_FILE.
  (umask 077
   echo "postgresql://orderflow:$(cat "$secrets_dir/postgres")@127.0.0.1:$pg_port/orderflow?sslmode=verify-full&sslrootcert=$tls_dir/ca.pem" \
     > "$secrets_dir/database-url"
   echo "rediss://orderflow:$(cat "$secrets_dir/redis")@127.0.0.1:$redis_port/0" > "$secrets_dir/redis-url")
  cat > "$state_dir/stack.env" <<EOF
KAFKA_BROKERS=$(bootstrap_servers)
KAFKA_SECURITY_PROTOCOL=sasl_ssl
KAFKA_SASL_MECHANISM=SCRAM-SHA-512
KAFKA_SASL_USERNAME=orderflow
KAFKA_SASL_PASSWORD_FILE=$secrets_dir/kafka
KAFKA_SSL_CA_LOCATION=$tls_dir/ca.pem
DATABASE_URL_FILE=$secrets_dir/database-url
REDIS_URL_FILE=$secrets_dir/redis-url
REDIS_CA_FILE=$tls_dir/ca.pem
EOF
}

# The certificates and passwords of a secure stack, made once per state directory.
secure_configure() {
  [ "$secure" = 1 ] || return 0
  [ -f "$tls_dir/server-keystore.pem" ] && return 0
  make_pki "$tls_dir"
  mkdir -p "$secrets_dir" && chmod 700 "$secrets_dir"
  local name
  for name in postgres redis kafka kafka-broker; do make_password "$secrets_dir/$name"; done
}

start_watchdog() {
  # Tears the stack down once the owner is gone, even if it was SIGKILLed and ran no cleanup.
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" down --dir "$3"' \
    _ "$owner_pid" "$here/stack.sh" "$state_dir" > /dev/null 2>&1 < /dev/null &
  echo $! > "$state_dir/watchdog.pid"
}

up() {
  require_installed
  mkdir -p "$state_dir"
  chmod 755 "$state_dir"
  choose_ports
  if [ -n "$owner_pid" ]; then start_watchdog; fi
  # Whatever fails below, nothing half-started is left running.
  up_done=0
  trap 'if [ "$up_done" = 0 ]; then log "start-up failed; stopping what was started"; down; fi' EXIT
  local started=$SECONDS
  secure_configure
  redis_start
  pg_start
  kafka_start
  write_env
  up_done=1
  log "stack up in $((SECONDS - started))s$([ "$secure" = 1 ] && echo " (secure: TLS, SCRAM, ACL)"): Kafka $(bootstrap_servers), PostgreSQL 127.0.0.1:$pg_port, Redis 127.0.0.1:$redis_port ($state_dir/stack.env)"
}

down() {
  [ -d "$state_dir" ] || return 0
  # No ports file: an `up` that stopped before choosing them; nothing of Kafka was started.
  local kafka_started=0
  if [ -f "$state_dir/ports" ]; then load_ports; kafka_started=1; fi
  if [ "${ephemeral:-0}" = 1 ]; then
    [ "$kafka_started" = 0 ] || kafka_kill
    pg_kill; redis_kill
  else
    [ "$kafka_started" = 0 ] || kafka_stop
    pg_stop; redis_stop
  fi
  if [ -f "$state_dir/watchdog.pid" ] && [ "$(cat "$state_dir/watchdog.pid")" != "$$" ]; then
    stop_pid "$state_dir/watchdog.pid" KILL 5 || true
  fi
  if [ "${ephemeral:-0}" = 1 ]; then rm -rf "$state_dir"; fi
}

status() {
  [ -f "$state_dir/ports" ] || { echo "no stack in $state_dir"; return 1; }
  load_ports
  local ok=0
  local i
  for i in $(all_nodes); do
    select_node "$i"
    pid_alive "$node_dir/kafka.pid" && echo "kafka-$i  up   127.0.0.1:$node_port" || { echo "kafka-$i  down"; ok=1; }
  done
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" status > /dev/null 2>&1 \
    && echo "postgres up   127.0.0.1:$pg_port" || { echo "postgres down"; ok=1; }
  redis_ready && echo "redis    up   127.0.0.1:$redis_port" || { echo "redis    down"; ok=1; }
  return $ok
}

one_component() {
  [ -f "$state_dir/ports" ] || die "no stack in $state_dir"
  load_ports
  case "$component" in
    kafka|postgres|redis) "${component/postgres/pg}_$1" ;;
    kafka-[1-9])
      [ "${component#kafka-}" -le "$brokers" ] || die "this stack has $brokers broker(s), no $component"
      "kafka_node_$1" "${component#kafka-}" ;;
    *) die "unknown component '$component' (kafka, kafka-N, postgres or redis)" ;;
  esac
}

case "$command" in
  up) up ;;
  down) down ;;
  status) status ;;
  start|stop|kill) one_component "$command" ;;
  *) die "usage: stack.sh up|down|status|start|stop|kill [COMPONENT] [--ephemeral] [--secure] [--brokers 3] [--dir DIR] [--owner-pid PID]" ;;
esac
