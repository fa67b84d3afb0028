#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest: unit tests, then
# the integration and end-to-end tests, each binary on an ephemeral stack of its own (free ports,
# temporary directories, removed afterwards whatever the outcome). Extra arguments go to ctest,
# e.g. `deploy/local/test.sh -L unit`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

"$here/install-deps.sh"
"$here/build.sh"
tallies="$build_dir/test-logs/fault-tallies.txt"
rm -f "$tallies"
status=0
ctest --test-dir "$build_dir" --output-on-failure --parallel 2 "$@" || status=$?
if [ -f "$tallies" ]; then
  echo "Fault scenarios (acknowledged / persisted / dead-lettered / lost / duplicated):"
  sed 's/^/  /' "$tallies"
fi
exit $status
