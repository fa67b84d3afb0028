#!/usr/bin/env bash
# Installs the benchmark peers into ORDERFLOW_BENCH_TOOLS (default ~/.cache/orderflow-bench), each
# from its registry: Redpanda Connect built with Go from the Go module proxy (only the components
# the benchmarks use; go.sum is committed, the checksum database is not reachable here), and a
# Python virtualenv with aiokafka and asyncpg from PyPI. Does nothing for what is already there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="${ORDERFLOW_BENCH_TOOLS:-$HOME/.cache/orderflow-bench}"
mkdir -p "$tools"

if [ ! -x "$tools/venv/bin/python" ] || ! "$tools/venv/bin/python" -c 'import aiokafka, asyncpg' 2> /dev/null; then
  echo "installing the Python peer (aiokafka, asyncpg) into $tools/venv"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet -r "$here/python/requirements.txt"
fi

if [ ! -x "$tools/redpanda-connect" ]; then
  if command -v go > /dev/null; then
    echo "building Redpanda Connect (a few minutes the first time) into $tools/redpanda-connect"
    (cd "$here/redpanda-connect" && GOFLAGS=-mod=mod GONOSUMDB='*' GOPATH="$tools/go" \
      go build -o "$tools/redpanda-connect" .)
  else
    echo "no Go toolchain: the Redpanda Connect peer is left out" >&2
  fi
fi

if [ -z "$(ls "$tools/kafka-connect/libs" 2> /dev/null)" ]; then
  echo "fetching Kafka Connect 3.9.1 and the Debezium JDBC sink 3.0.7.Final from Maven Central into $tools/kafka-connect"
  rm -rf "$tools/kafka-connect/libs.partial"
  mvn -q -B -f "$here/kafka-connect/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tools/kafka-connect/libs.partial"
  mv "$tools/kafka-connect/libs.partial" "$tools/kafka-connect/libs"
fi
