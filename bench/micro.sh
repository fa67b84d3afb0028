#!/usr/bin/env bash
# The in-process micro-benchmarks (store write path, validation per core) on an ephemeral stack.
# Each line reports a number next to its baseline, measured in the same run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/ephemeral_stack.sh
source "$here/ephemeral_stack.sh"
echo "orderflow benchmarks on $(nproc) cores ($(date -u +%Y-%m-%dT%H:%MZ))"
"$build_dir/bench/orderflow-bench" "$@"
