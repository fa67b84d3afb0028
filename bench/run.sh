#!/usr/bin/env bash
# The end-to-end benchmarks: orderflow and its peers on one ephemeral stack (free ports, a
# temporary directory, torn down afterwards), every figure next to its baseline from the same run.
#   bench/run.sh            the full run (about 40 minutes): results in bench/results/latest.{md,json}
#   bench/run.sh --smoke    small N and seconds, to show the benchmarks still work (part of the tests)
#   bench/run.sh --only catchup,scaleout,gateway,e2e,soak   (the soak runs inside e2e)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/ephemeral_stack.sh
source "$here/ephemeral_stack.sh"
"$here/peers/install.sh"
# Commit timestamps are how every write path is timed, the same way for orderflow and each peer.
psql "$DATABASE_URL" -qc "ALTER SYSTEM SET track_commit_timestamp = on"
"$repo_root/deploy/local/stack.sh" stop postgres --dir "$stack_dir"
"$repo_root/deploy/local/stack.sh" start postgres --dir "$stack_dir"

echo "orderflow end-to-end benchmarks on $(nproc) cores ($(date -u +%Y-%m-%dT%H:%MZ))"
python3 "$here/run.py" "$@"
