#!/usr/bin/env bash
# libs/schema against Valijson (Debian's libvalijson-dev): the official draft-07 suite, the
# differential corpus of tests/api (3,000 events with the reference validator's verdicts), speed
# on orderflow's schemas, and hostile strings. Writes bench/results/validators.md.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=deploy/local/lib.sh
source "$repo_root/deploy/local/lib.sh"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"
dpkg -s libvalijson-dev > /dev/null 2>&1 || apt-get install -y -q libvalijson-dev > /dev/null
cmake "$build_dir" > /dev/null  # finds the newly installed headers
cmake --build "$build_dir" --target orderflow-bench-validators > /dev/null

venv="$ORDERFLOW_CACHE_DIR/contract-differential"
requirements="$repo_root/tests/api/requirements-differential.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$requirements" && cp "$requirements" "$venv/requirements.txt"
fi
corpus="$(mktemp)"
trap 'rm -f "$corpus"' EXIT
"$venv/bin/python" "$repo_root/tests/api/differential_events.py" - "$repo_root/proto-schemas" 3000 20261123 > "$corpus"

mkdir -p "$repo_root/bench/results"
"$build_dir/bench/orderflow-bench-validators" /usr/share/json-schema-test-suite/tests/draft7 \
  "$repo_root/proto-schemas" "$corpus" | tee "$repo_root/bench/results/validators.md"
