"""End-to-end benchmarks of orderflow and its peers on one stack, in one run (see bench/README.md).

Started by bench/run.sh, which installs, builds, starts the stack and exports KAFKA_BROKERS,
DATABASE_URL and REDIS_URL. Every figure is printed next to its baseline or peer from this run;
the tables go to <out>/latest.md and <out>/latest.json.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUILD = Path(os.environ.get("ORDERFLOW_BUILD_DIR", REPO / "build"))
TOOLS = Path(os.environ.get("ORDERFLOW_BENCH_TOOLS", Path.home() / ".cache" / "orderflow-bench"))
RPC = TOOLS / "redpanda-connect"
VENV_PYTHON = TOOLS / "venv" / "bin" / "python"
CONNECT_LIBS = TOOLS / "kafka-connect" / "libs"

PEER_TABLE = """CREATE TABLE IF NOT EXISTS peer_events (
  event_id text PRIMARY KEY, event_type text NOT NULL, key_id text, amount numeric, currency text,
  occurred_at timestamptz)"""


def say(text):
    print(text, flush=True)


class Stack:
    """The running stack: databases are made per measurement so every run starts empty."""

    def __init__(self, workdir):
        self.brokers = os.environ["KAFKA_BROKERS"]
        self.admin_dsn = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        self.redis = os.environ["REDIS_URL"]
        self.workdir = workdir
        self.processes = []

    def dsn(self, database):
        return self.admin_dsn.rsplit("/", 1)[0] + "/" + database

    def psql(self, database, sql, *extra):
        result = subprocess.run(["psql", self.dsn(database), "-v", "ON_ERROR_STOP=1", "-tAq", *extra, "-c", sql],
                                check=True, capture_output=True, text=True)
        return result.stdout.strip()

    def count(self, database, table, where="true"):
        """Rows in `table`, or -1 while it does not exist yet (the service has not migrated)."""
        try:
            return int(self.psql(database, f"SELECT count(*) FROM {table} WHERE {where}"))
        except subprocess.CalledProcessError:
            return -1

    def fresh_database(self, name):
        self.psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.psql("postgres", f"CREATE DATABASE {name}")
        return self.dsn(name)

    def settle(self, database):
        """VACUUM ANALYZE, untimed: a database just loaded leaves autovacuum nothing to do in it
        while the next system is measured on the same cores (and PostgreSQL CPU)."""
        self.psql(database, "VACUUM ANALYZE")

    def flush_redis(self):
        subprocess.run(["redis-cli", "-u", self.redis, "FLUSHALL"], check=True, capture_output=True)

    def start(self, name, command, env):
        log = open(self.workdir / f"{name}.log", "w")
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for p in self.processes:
            self.stop(p)


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def postgres_cpu_seconds():
    """CPU of every PostgreSQL process, those alive and the backends that exited (the postmaster's
    children's time), so a peer's connections count even after it disconnected."""
    pids = [int(p) for p in subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()]
    total = cpu_seconds(pids)
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) not in pids:  # the postmaster: its parent is not PostgreSQL
                total += (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, IndexError):
            pass
    return total


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_for(what, condition, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out waiting for {what}")


def wait_http(port, path="/ready", timeout=90):
    def ready():
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).status == 200
        except OSError:
            return False
    wait_for(f"127.0.0.1:{port}{path}", ready, timeout)


def alive(process):
    if process.poll() is not None:
        raise RuntimeError(f"{process.args[0]} exited with status {process.returncode}")
    return True


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commit_rate(stack, database, table, expected):
    """Events/s between the first and the last commit into `table` (track_commit_timestamp),
    leaving out the first transaction's rows, so start-up and group joins do not count."""
    row = stack.psql(database, f"""
        WITH t AS (SELECT pg_xact_commit_timestamp(xmin) AS at FROM {table})
        SELECT count(*), extract(epoch FROM max(at) - min(at)),
               (SELECT count(*) FROM t WHERE at = (SELECT min(at) FROM t)) FROM t""")
    count, seconds, first = row.split("|")
    count, seconds, first = int(count), float(seconds or 0), int(first)
    if count != expected:
        raise RuntimeError(f"{table} in {database} holds {count} rows, {expected} expected")
    return (count - first) / seconds if seconds > 0 else float("inf")


# --- processor catch-up ------------------------------------------------------------------------

def catch_up(stack, args, results):
    n = args.events
    run = f"c{int(time.time())}"
    topic = f"bench.catchup.{run}"
    copy_dir = stack.workdir / "copy"
    copy_dir.mkdir(exist_ok=True)
    say(f"\n== catch-up: {n} events of four types on {topic} (6 partitions)")
    feed = json.loads(subprocess.run(
        [BUILD / "bench" / "orderflow-bench-feed", "--brokers", stack.brokers, "--topic", topic, "--events", str(n),
         "--run", run, "--copy-dir", copy_dir], check=True, capture_output=True, text=True).stdout)
    say(f"  librdkafka producer (ceiling for writing the topic): {feed['eventsPerSecond']:.0f} events/s")
    results["librdkafka_producer"] = feed["eventsPerSecond"]
    expected = {"orders": n // 10 * 4 + min(n % 10, 4)}

    # Ceiling: the rows the processor makes, COPied into the same tables by one session.
    migrations = sorted((REPO / "libs" / "storage" / "migrations").glob("*.sql"))
    copies = [("processed_events", "event_id, event_type, payload, source_topic, source_partition, source_offset"),
              ("users", "user_id, email, first_name, last_name, created_at, created_event_id"),
              ("orders", "order_id, user_id, total_amount, currency, status, placed_at, lines, created_event_id"),
              ("payments", "payment_id, order_id, customer_id, merchant_id, amount, currency, payment_method, status, settled_at, last_event_id"),
              ("inventory", "sku, quantity")]
    script = "BEGIN;\n" + "".join(f"\\copy {t} ({c}) FROM '{copy_dir / t}.copy'\n" for t, c in copies) + "COMMIT;\n"

    def copy_ceiling():
        stack.fresh_database("bench_copy")
        for m in migrations:
            subprocess.run(["psql", stack.dsn("bench_copy"), "-qv", "ON_ERROR_STOP=1", "-f", m], check=True,
                           capture_output=True)
        started = time.monotonic()
        subprocess.run(["psql", stack.dsn("bench_copy"), "-qv", "ON_ERROR_STOP=1"], input=script, text=True,
                       check=True, capture_output=True)
        copy_rate = n / (time.monotonic() - started)
        stack.settle("bench_copy")
        return copy_rate

    rows = {}

    def orderflow_processor(round_number):
        rate, pg_cpu, own_cpu = catch_up_with_processors(stack, args, "bench_processor", topic,
                                                         f"bench-processor-{run}-{round_number}", n, processors=1)
        got = int(stack.psql("bench_processor", "SELECT count(*) FROM orders"))
        if got != expected["orders"]:
            raise RuntimeError(f"orders: {got} rows, {expected['orders']} expected")
        rows["orderflow"] = f"{n} inbox rows, {got} orders with items, payments, users, inventory"
        return rate, pg_cpu, own_cpu

    def peer(name, command, env):
        dsn = stack.fresh_database("bench_peer")
        stack.psql("bench_peer", PEER_TABLE)
        pg_before = postgres_cpu_seconds()
        p = stack.start(f"peer-{name}", command, {**env, "PEER_DSN": dsn + "?sslmode=disable"})
        wait_for(f"{name} to write every event", lambda: stack.count("bench_peer", "peer_events") == n
                 or (alive(p) and False), 300 if n > 10_000 else 60, interval=1)
        pg_cpu = postgres_cpu_seconds() - pg_before
        own_cpu = cpu_seconds([p.pid])
        stack.stop(p)
        rate = commit_rate(stack, "bench_peer", "peer_events", n)
        stack.settle("bench_peer")
        rows[name] = f"{n} rows in peer_events"
        return rate, pg_cpu, own_cpu

    # The machine's speed drifts by up to a third within minutes (it is shared), so the ceiling,
    # orderflow and the quick peers are measured in rounds, one after another, and each keeps its
    # best round: a slow minute then cannot fall on one of them alone. Debezium, which takes a
    # minute, runs once.
    rounds = {}
    copy_rounds = []
    for round_number in range(1, args.catchup_rounds + 1):
        say(f"  round {round_number} of {args.catchup_rounds}")
        copy_rounds.append(copy_ceiling())
        say(f"  PostgreSQL COPY of the same rows into the same tables (ceiling): {copy_rounds[-1]:.0f} events/s")
        say("  orderflow processor ...")
        rounds.setdefault("orderflow processor", []).append(orderflow_processor(round_number))
        say("  Python aiokafka + asyncpg ...")
        rounds.setdefault("Python aiokafka + asyncpg", []).append(peer("python", [
            VENV_PYTHON, HERE / "peers" / "python" / "sink.py", "--brokers", stack.brokers, "--topic", topic,
            "--group", f"bench-python-{run}-{round_number}", "--dsn", stack.dsn("bench_peer"), "--expect", str(n)], {}))
        if RPC.exists():
            say("  Redpanda Connect kafka_franz -> sql_insert ...")
            rounds.setdefault("Redpanda Connect", []).append(peer(
                "redpanda-connect", [RPC, "run", HERE / "peers" / "redpanda-connect" / "sink.yaml"],
                {"TOPIC": topic, "GROUP": f"bench-rpc-{run}-{round_number}"}))
    if CONNECT_LIBS.exists():
        say("  Kafka Connect + Debezium JDBC sink ...")
        rounds["Kafka Connect + Debezium JDBC sink"] = [debezium_sink(stack, run, topic, n, peer)]
    measured = {name: max(runs, key=lambda m: m[0]) for name, runs in rounds.items()}
    results["copy_ceiling"] = max(copy_rounds)
    results["copy_ceiling_rounds"] = copy_rounds
    for name, (rate, pg_cpu, own_cpu) in measured.items():
        say(f"  {name:32s} {rate:9.0f} events/s   PostgreSQL CPU {pg_cpu:5.1f} s   own CPU {own_cpu:5.1f} s   "
            f"(rounds: {', '.join(f'{m[0]:.0f}' for m in rounds[name])})")
    results["catch_up"] = {name: {"eventsPerSecond": r, "postgresCpuSeconds": pg, "ownCpuSeconds": own,
                                  "rounds": [m[0] for m in rounds[name]]}
                           for name, (r, pg, own) in measured.items()}
    results["catch_up_rows"] = rows


def catch_up_with_processors(stack, args, database, topic, group, n, processors):
    """`processors` orderflow processors in `group`, as a fresh deployment (an empty database, Redis
    flushed), catching up the `n` events on `topic`: (events/s, PostgreSQL CPU s, their CPU s)."""
    stack.flush_redis()
    dsn = stack.fresh_database(database)
    pg_before = postgres_cpu_seconds()
    started = [stack.start(f"{group}-{i}", [BUILD / "services" / "processor" / "orderflow-processor"], {
        "DATABASE_URL": dsn, "TOPIC_EVENTS_VALIDATED": topic, "CONSUMER_GROUP": group, "HTTP_PORT": "0",
        "LOG_LEVEL": "warn", "BATCH_MAX_EVENTS": str(args.batch)}) for i in range(processors)]
    wait_for(f"{processors} processor(s) to apply every event",
             lambda: all(alive(p) for p in started) and stack.count(database, "processed_events") == n,
             300 if n > 10_000 else 60, interval=1)
    pg_cpu = postgres_cpu_seconds() - pg_before
    own_cpu = cpu_seconds([p.pid for p in started])
    for p in started:
        stack.stop(p)
    rate = commit_rate(stack, database, "processed_events", n)
    stack.settle(database)
    return rate, pg_cpu, own_cpu


def debezium_sink(stack, run, topic, n, peer):
    """Kafka Connect standalone with the Debezium JDBC sink, fed a copy of the topic that carries
    Connect schemas (bench/peers/kafka-connect/wrap.py, not timed). Upserts by event id in batches
    of 5,000, four tasks: as its documentation tunes it for throughput."""
    wrapped = topic + ".connect"
    create_topic(stack, wrapped)
    subprocess.run([VENV_PYTHON, HERE / "peers" / "kafka-connect" / "wrap.py", "--brokers", stack.brokers,
                    "--source", topic, "--target", wrapped, "--expect", str(n)], check=True, capture_output=True)
    connect_dir = stack.workdir / f"connect-{run}"
    connect_dir.mkdir()
    host_port_db = stack.dsn("bench_peer").split("@", 1)[1]
    (connect_dir / "worker.properties").write_text(f"""bootstrap.servers={stack.brokers}
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=true
offset.storage.file.filename={connect_dir}/offsets
listeners=http://127.0.0.1:{free_port()}
consumer.max.poll.records=5000
consumer.auto.offset.reset=earliest
""")
    (connect_dir / "sink.properties").write_text(f"""name=bench-debezium-{run}
connector.class=io.debezium.connector.jdbc.JdbcSinkConnector
tasks.max=4
topics={wrapped}
connection.url=jdbc:postgresql://{host_port_db}
connection.username=orderflow
# Required by the connector; the benchmark stack trusts local connections, so any value does.
connection.password=unused
insert.mode=upsert
primary.key.mode=record_value
primary.key.fields=event_id
collection.name.format=peer_events
schema.evolution=none
batch.size=5000
""")
    (connect_dir / "log4j.properties").write_text("log4j.rootLogger=WARN, stdout\n"
                                                  "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                                                  "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n")
    return peer("debezium", ["java", "-Xms512m", "-Xmx1g", f"-Dlog4j.configuration=file:{connect_dir}/log4j.properties",
                             "-cp", f"{CONNECT_LIBS}/*", "org.apache.kafka.connect.cli.ConnectStandalone",
                             connect_dir / "worker.properties", connect_dir / "sink.properties"], {})


# --- scale-out ---------------------------------------------------------------------------------

def scale_out(stack, args, results):
    """Catch-up of the same topic by 1, 2 and 3 processor processes in one consumer group, each
    with its default two consumers: 6 partitions, so three processes hold one partition per
    consumer. Every process shares the machine's cores with PostgreSQL and the broker."""
    n = args.events
    run = f"s{int(time.time())}"
    topic = f"bench.scaleout.{run}"
    say(f"\n== scale-out: {n} events on {topic}, caught up by 1, 2 and 3 processors in one group")
    subprocess.run([BUILD / "bench" / "orderflow-bench-feed", "--brokers", stack.brokers, "--topic", topic,
                    "--events", str(n), "--run", run], check=True, capture_output=True, text=True)
    measured = {}
    for processors in (1, 2, 3):
        rate, pg_cpu, own_cpu = catch_up_with_processors(stack, args, "bench_scaleout", topic,
                                                         f"bench-scaleout-{run}-{processors}", n, processors)
        measured[processors] = {"eventsPerSecond": rate, "postgresCpuSeconds": pg_cpu, "ownCpuSeconds": own_cpu}
        say(f"  {processors} processor(s): {rate:9.0f} events/s   PostgreSQL CPU {pg_cpu:5.1f} s   processors' CPU {own_cpu:5.1f} s")
    results["scale_out"] = measured


# --- gateway -----------------------------------------------------------------------------------

def issue_api_key(dsn, name):
    """A key for the bench's writes (orderflow-keys), with a rate limit no run reaches: the gateway
    is measured as deployed, authenticating and rate-limiting every request. The load tool (and
    bench/load/post_order.lua) read it from ORDERFLOW_API_KEY; peers ignore the header."""
    key = subprocess.run([BUILD / "services" / "keys-tool" / "orderflow-keys", "create", f"{name}-{time.time_ns()}",
                          "--rate", "100000000", "--burst", "100000000"], env={**os.environ, "DATABASE_URL": dsn},
                         check=True, capture_output=True, text=True).stdout.strip()
    os.environ["ORDERFLOW_API_KEY"] = key
    return key


def load(port, path="/order", rate=0, duration=10, connections=64, run="load", out=None):
    command = [BUILD / "bench" / "orderflow-bench-load", "--port", str(port), "--path", path, "--rate", str(rate),
               "--duration", str(duration), "--connections", str(connections), "--run", run]
    if out:
        command += ["--out", out]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def create_topic(stack, topic):
    subprocess.run([BUILD / "bench" / "orderflow-bench-feed", "--brokers", stack.brokers, "--topic", topic, "--events", "0",
                    "--run", "none"], check=True, capture_output=True)


def warm_up(port, seconds=2):
    """Connections, topic metadata and partition leaders are set up before anything is measured."""
    load(port, "/order", 500, seconds, 64, run=f"warmup-{time.time_ns()}")


def gateway(stack, args, results):
    say("\n== gateway: POST /order through to Kafka's acknowledgement (acks=all)")
    port = free_port()
    issue_api_key(os.environ["DATABASE_URL"], "bench-gateway")
    gw = stack.start("gateway", [BUILD / "services" / "gateway" / "orderflow-gateway"],
                     {"HTTP_PORT": str(port), "LOG_LEVEL": "warn", "TOPIC_EVENTS_RAW": "bench.gateway"})
    wait_http(port)
    warm_up(port)
    d = args.duration
    out = {"orderflow": {}, "Redpanda Connect": {}}
    out["orderflow"]["GET /health, 64 connections"] = load(port, "/health", 0, d, 64)
    for c in (64, 256):
        out["orderflow"][f"POST /order, {c} connections"] = load(port, "/order", 0, d, c, run=f"gw{c}-{time.time_ns()}")
    for rate in args.rates:
        out["orderflow"][f"POST /order open loop {rate}/s"] = load(port, "/order", rate, d, 256, run=f"gwo{rate}-{time.time_ns()}")
    results["gateway_rss_mib"] = rss_mib(gw.pid)
    stack.stop(gw)
    if RPC.exists():
        rport = free_port()
        create_topic(stack, "bench.rpc-http")
        rpc = stack.start("redpanda-connect-http", [RPC, "run", HERE / "peers" / "redpanda-connect" / "http.yaml"],
                          {"HTTP_PORT": str(rport), "TOPIC": "bench.rpc-http"})
        wait_http(rport, "/ping")
        warm_up(rport)
        for c in (64, 256):
            out["Redpanda Connect"][f"POST /order, {c} connections"] = load(rport, "/order", 0, d, c, run=f"r{c}-{time.time_ns()}")
        for rate in args.rates:
            out["Redpanda Connect"][f"POST /order open loop {rate}/s"] = load(rport, "/order", rate, d, 256, run=f"ro{rate}-{time.time_ns()}")
        stack.stop(rpc)
    for who, runs in out.items():
        for what, r in runs.items():
            say(f"  {who:17s} {what:34s} {r['rate']:9.0f} req/s  p50 {r['p50Ms']:7.2f} ms  p99 {r['p99Ms']:7.2f} ms"
                f"  p99.9 {r['p999Ms']:7.2f} ms  statuses {r['statuses']}  unanswered {r['unanswered']}")
    results["gateway"] = out


# --- end to end --------------------------------------------------------------------------------

def end_to_end(stack, args, results):
    say("\n== end to end: POST /order -> committed in PostgreSQL (readable through the read-api)")
    stack.flush_redis()
    dsn = stack.fresh_database("bench_e2e")
    ports = {name: free_port() for name in ("gateway", "validator", "processor", "read-api")}
    issue_api_key(dsn, "bench-e2e")
    env = {"DATABASE_URL": dsn, "LOG_LEVEL": "warn", "TOPIC_EVENTS_RAW": "bench.e2e.raw",
           "TOPIC_EVENTS_VALIDATED": "bench.e2e.validated", "TOPIC_DEAD_LETTERS": "bench.e2e.dlq"}
    services = {name: stack.start(f"e2e-{name}", [BUILD / "services" / name / f"orderflow-{name}"],
                                  {**env, "HTTP_PORT": str(port), "CONSUMER_GROUP": f"bench-{name}-{time.time_ns()}"})
                for name, port in ports.items()}
    for port in ports.values():
        wait_http(port)
    # Long enough for every consumer group to settle (a late joiner's rebalance pauses its group).
    warm_up(ports["gateway"], 2 if args.smoke else 8)
    rss_start = {name: rss_mib(p.pid) for name, p in services.items()}
    out = {}
    for rate in args.e2e_rates:
        run = f"e2e{rate}-{time.time_ns()}"
        sent = stack.workdir / f"{run}.csv"
        r = load(ports["gateway"], "/order", rate, args.duration, 256, run=run, out=sent)
        wait_for("every accepted order in PostgreSQL", lambda: stack.count(
            "bench_e2e", "orders", f"order_id LIKE '{run}-%'") >= r["ok"], 120)
        stack.psql("bench_e2e", "CREATE TABLE IF NOT EXISTS bench_sent (order_id text, intended_ns bigint, status int)")
        stack.psql("bench_e2e", f"\\copy bench_sent FROM '{sent}' CSV")
        row = stack.psql("bench_e2e", f"""
            WITH l AS (SELECT extract(epoch FROM pg_xact_commit_timestamp(o.xmin)) * 1000 - s.intended_ns / 1e6 AS ms
                       FROM bench_sent s JOIN orders o USING (order_id) WHERE s.order_id LIKE '{run}-%')
            SELECT count(*), percentile_cont(ARRAY[0.5, 0.99, 0.999]) WITHIN GROUP (ORDER BY ms), max(ms) FROM l""")
        count, percentiles, worst = row.split("|")
        p50, p99, p999 = (float(x) for x in percentiles.strip("{}").split(","))
        sample = stack.psql("bench_e2e", f"SELECT order_id FROM orders WHERE order_id LIKE '{run}-%' LIMIT 1")
        readable = urllib.request.urlopen(f"http://127.0.0.1:{ports['read-api']}/orders/{sample}").status == 200
        out[f"{rate}/s"] = {"accepted": r["ok"], "committed": int(count), "http": r,
                            "commitP50Ms": p50, "commitP99Ms": p99, "commitP999Ms": p999, "commitMaxMs": float(worst),
                            "readableThroughReadApi": readable}
        say(f"  {rate:6d}/s for {args.duration}s: 202 p50 {r['p50Ms']:.1f} ms p99 {r['p99Ms']:.1f} ms | committed "
            f"p50 {p50:.1f} ms p99 {p99:.1f} ms p99.9 {p999:.1f} ms | {count}/{r['ok']} accepted orders committed")
    # The highest rate of the list sustained for a minute: the first, from the top, that kept up.
    attempts = []
    for rate in args.sustain_rates:
        attempts.append(sustain(stack, ports["gateway"], rate, args.sustain_seconds))
        if attempts[-1]["keptUp"]:
            break
    if attempts:
        out["sustained"] = attempts
    # At half the sustained rate for ten minutes: every service's RSS every 30 s.
    if args.soak_seconds and attempts:
        kept = [a["rate"] for a in attempts if a["keptUp"]]
        rate = (kept[0] if kept else attempts[-1]["rate"]) // 2
        out["soak"] = sustain(stack, ports["gateway"], rate, args.soak_seconds, services=services, sample_every=30)
    results["rss_mib"] = {name: {"start": rss_start[name], "end": rss_mib(p.pid)} for name, p in services.items()}
    say("  RSS MiB (start -> end): " + ", ".join(f"{k} {v['start']:.0f} -> {v['end']:.0f}" for k, v in results["rss_mib"].items()))
    for p in services.values():
        stack.stop(p)
    results["end_to_end"] = out


def sustain(stack, gateway_port, rate, seconds, services=None, sample_every=10):
    """`rate` orders/s for `seconds` through the pipeline: how far the committed orders trail the
    accepted ones every `sample_every` seconds (and, given `services`, their RSS), and whether the
    pipeline kept up (everything accepted, and at most two seconds' worth behind at the end)."""
    run = f"sustain-{time.time_ns()}"
    say(f"  sustaining {rate}/s for {seconds}s ...")
    loader = subprocess.Popen([BUILD / "bench" / "orderflow-bench-load", "--port", str(gateway_port), "--rate",
                               str(rate), "--duration", str(seconds), "--connections", "256", "--run", run],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stack.processes.append(loader)
    started, samples, rss = time.monotonic(), [], {name: [] for name in (services or {})}

    def sample():
        elapsed = time.monotonic() - started
        committed = stack.count("bench_e2e", "orders", f"order_id LIKE '{run}-%'")
        samples.append((elapsed, round(min(elapsed, seconds) * rate - committed)))
        for name, p in (services or {}).items():
            rss[name].append(round(rss_mib(p.pid)))

    # Sampled every `sample_every` seconds, but the load's end is noticed within a fifth of a second,
    # so the drain time below is not rounded up to the next sample.
    next_sample = started + sample_every
    while loader.poll() is None:
        time.sleep(min(0.2, max(0.0, next_sample - time.monotonic())))
        if time.monotonic() >= next_sample:
            next_sample += sample_every
            sample()
    if not samples:
        sample()
    lag = [behind for _, behind in samples]
    during_load = [behind for elapsed, behind in samples if elapsed <= seconds + 1] or lag
    r = json.loads(loader.stdout.read())
    wait_for("the sustained run to drain", lambda: stack.count(
        "bench_e2e", "orders", f"order_id LIKE '{run}-%'") >= r["ok"], 300)
    drained = time.monotonic() - started - seconds
    kept_up = r["ok"] >= 0.99 * rate * seconds and during_load[-1] <= 2 * rate
    say(f"  {rate}/s for {seconds}s: accepted {r['ok']}, lag every {sample_every} s {lag}, drained {drained:.1f} s after"
        f" the load stopped -> {'kept up' if kept_up else 'fell behind'}")
    result = {"rate": rate, "seconds": seconds, "http": r, "lagSamples": lag, "drainSeconds": drained, "keptUp": kept_up}
    if services:
        result["rssMib"] = rss
        say("  RSS MiB every 30 s: " + "; ".join(f"{k} {v}" for k, v in rss.items()))
    return result


# --- report ------------------------------------------------------------------------------------

def report(results, path):
    lines = [f"# orderflow benchmarks, {results['date']}", "", f"Machine: {results['machine']}", ""]
    if "catch_up" in results:
        lines += ["## Processor catch-up", "", f"{results['events']} events already on the topic → committed in PostgreSQL.",
                  "", "| | events/s | vs Redpanda Connect | vs COPY | PostgreSQL CPU s | own CPU s |", "|---|---|---|---|---|---|"]
        rpc = results["catch_up"].get("Redpanda Connect", {}).get("eventsPerSecond")
        for name, m in results["catch_up"].items():
            lines.append(f"| {name} | {m['eventsPerSecond']:.0f} | {m['eventsPerSecond'] / rpc:.2f}× |" if rpc else
                         f"| {name} | {m['eventsPerSecond']:.0f} | – |")
            lines[-1] += f" {m['eventsPerSecond'] / results['copy_ceiling']:.2f}× | {m['postgresCpuSeconds']:.1f} | {m['ownCpuSeconds']:.1f} |"
        lines += [f"| COPY of the same rows (ceiling) | {results['copy_ceiling']:.0f} | | 1.00× | | |",
                  f"| librdkafka producer writing the topic (ceiling) | {results['librdkafka_producer']:.0f} | | | | |", "",
                  "orderflow writes the inbox row (with its jsonb payload), the order and its items, payments, users "
                  "and inventory; the peers write one row per event into one table shaped like `orders`.", "",
                  "The COPY, orderflow and the Python and Redpanda Connect peers ran in rounds, one after another; each "
                  "row is its best round (all rounds, events/s: " + "; ".join(
                      [f"COPY {', '.join(f'{r:.0f}' for r in results.get('copy_ceiling_rounds', []))}"] +
                      [f"{name} {', '.join(f'{r:.0f}' for r in m.get('rounds', []))}"
                       for name, m in results["catch_up"].items()]) + ").", ""]
    if "scale_out" in results:
        one = results["scale_out"][1]["eventsPerSecond"]
        lines += ["## Scale-out", "", f"{results['events']} events caught up by processors in one consumer group "
                  "(6 partitions; each process runs its default two consumers).", "",
                  "| processors | events/s | vs one | PostgreSQL CPU s | processors' CPU s |", "|---|---|---|---|---|"]
        for count, m in results["scale_out"].items():
            lines.append(f"| {count} | {m['eventsPerSecond']:.0f} | {m['eventsPerSecond'] / one:.2f}× | "
                         f"{m['postgresCpuSeconds']:.1f} | {m['ownCpuSeconds']:.1f} |")
        lines.append("")
    if "gateway" in results:
        lines += ["## Gateway", "", "| server | load | req/s | p50 ms | p99 ms | p99.9 ms | statuses | unanswered |", "|---|---|---|---|---|---|---|---|"]
        for who, runs in results["gateway"].items():
            for what, r in runs.items():
                lines.append(f"| {who} | {what} | {r['rate']:.0f} | {r['p50Ms']:.2f} | {r['p99Ms']:.2f} | {r['p999Ms']:.2f} | {r['statuses']} | {r['unanswered']} |")
        lines += ["", "Latencies are those of 2xx answers; open-loop ones are measured from each request's intended send "
                  "time.", ""]
    if "end_to_end" in results:
        lines += ["## End to end", "", "| rate | 202 p50 / p99 ms | committed p50 / p99 / p99.9 ms | committed / accepted |",
                  "|---|---|---|---|"]
        for rate, m in results["end_to_end"].items():
            if rate in ("sustained", "soak"):
                continue
            lines.append(f"| {rate} | {m['http']['p50Ms']:.1f} / {m['http']['p99Ms']:.1f} | {m['commitP50Ms']:.1f} / "
                         f"{m['commitP99Ms']:.1f} / {m['commitP999Ms']:.1f} | {m['committed']} / {m['accepted']} |")
        for s in results["end_to_end"].get("sustained", []):
            lines += ["", f"Sustained {s['rate']}/s for {s['seconds']} s: accepted {s['http']['ok']}, lag samples {s['lagSamples']}, "
                      f"drained {s['drainSeconds']:.1f} s after the load stopped: {'kept up' if s['keptUp'] else 'fell behind'}."]
        soak = results["end_to_end"].get("soak")
        if soak:
            lines += ["", f"Soak at {soak['rate']}/s for {soak['seconds']} s ({'kept up' if soak['keptUp'] else 'fell behind'}; "
                      f"lag samples {soak['lagSamples']}), RSS MiB every 30 s:", ""]
            lines += [f"- {name}: {samples}" for name, samples in soak["rssMib"].items()]
        lines += ["", "RSS MiB, start → end: " + ", ".join(f"{k} {v['start']:.0f} → {v['end']:.0f}" for k, v in results["rss_mib"].items()), ""]
    path.with_suffix(".md").write_text("\n".join(lines) + "\n")
    path.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small N and seconds: checks the benchmarks still run")
    parser.add_argument("--only", default="catchup,scaleout,gateway,e2e,soak")
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args()
    args.events = 2000 if args.smoke else 200_000
    args.batch = 5000
    args.catchup_rounds = 1 if args.smoke else 2
    args.duration = 2 if args.smoke else 15
    args.rates = [200] if args.smoke else [2000, 5000, 10000]
    args.e2e_rates = [200] if args.smoke else [2000, 5000]
    args.sustain_rates = [] if args.smoke else [10000, 7000, 5000, 3500]
    args.sustain_seconds = 60
    args.soak_seconds = 0 if args.smoke or "soak" not in args.only.split(",") else 600
    workdir = Path(os.environ.get("BENCH_WORKDIR", "/tmp")) / f"orderflow-bench-{os.getpid()}"
    workdir.mkdir(parents=True)
    stack = Stack(workdir)
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "events": args.events,
               "machine": f"{os.cpu_count()} cores, {subprocess.run(['uname', '-sr'], capture_output=True, text=True).stdout.strip()}"}
    try:
        sections = args.only.split(",")
        if "catchup" in sections:
            catch_up(stack, args, results)
        if "scaleout" in sections:
            scale_out(stack, args, results)
        if "gateway" in sections:
            gateway(stack, args, results)
        if "e2e" in sections:
            end_to_end(stack, args, results)
    finally:
        stack.stop_all()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # A partial run (--only) does not replace the full table.
    name = "smoke" if args.smoke else "latest" if args.only == parser.get_default("only") else "partial"
    report(results, out / name)
    say(f"\nresults: {out / name}.md and .json")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
