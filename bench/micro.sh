#!/usr/bin/env bash
# The in-process micro-benchmarks (store write path, validation per core) on an ephemeral stack (free ports, a temporary directory, torn
# down afterwards). Each line reports a number next to its baseline, measured in the same run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

"$repo_root/deploy/local/install-deps.sh"
"$repo_root/deploy/local/build.sh" > /dev/null
stack_dir="$(mktemp -d)"
trap '"$repo_root/deploy/local/stack.sh" down --dir "$stack_dir"' EXIT
"$repo_root/deploy/local/stack.sh" up --ephemeral --dir "$stack_dir" --owner-pid $$
set -a
source "$stack_dir/stack.env"
set +a
echo "orderflow benchmarks on $(nproc) cores ($(date -u +%Y-%m-%dT%H:%MZ))"
"$build_dir/bench/orderflow-bench" "$@"
