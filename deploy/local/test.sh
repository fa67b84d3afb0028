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
summary="$build_dir/test-logs/ctest-summary.txt"
mkdir -p "$build_dir/test-logs"
rm -f "$tallies"
# ctest's own exit status decides the run's, not tee's.
set +e
ctest --test-dir "$build_dir" --output-on-failure --parallel 2 "$@" | tee "$summary"
status=${PIPESTATUS[0]}
set -e
if [ -f "$tallies" ]; then
  echo "Fault scenarios (acknowledged / persisted / dead-lettered / lost / duplicated):"
  sed 's/^/  /' "$tallies"
  # ctest's verdict stays the last line of the run.
  grep -E "tests passed|tests failed" "$summary" | tail -n1
fi
exit "$status"
