#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest: the fuzz targets for
# a few seconds each (deploy/local/fuzz.sh), unit tests, then the integration, end-to-end,
# hostile-input, fault and deploy tests, each binary on an ephemeral stack of its own (free ports,
# temporary directories, removed afterwards whatever the outcome). Extra arguments go to ctest,
# e.g. `deploy/local/test.sh -L unit` (the fuzz smoke run is then skipped unless
# ORDERFLOW_FUZZ_SECONDS is set; ORDERFLOW_FUZZ_SECONDS=0 always skips it). The whole suite ends
# with the benchmarks' smoke run (bench/run.sh --smoke: orderflow and its peers, small N), so the
# benchmarks cannot rot; ORDERFLOW_BENCH_SMOKE=0 skips it, =1 runs it with ctest arguments too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

"$here/install-deps.sh"
"$here/build.sh"
fuzz_seconds="${ORDERFLOW_FUZZ_SECONDS:-$([ $# -eq 0 ] && echo 10 || echo 0)}"
if [ "$fuzz_seconds" != 0 ]; then
  "$here/fuzz.sh" "$fuzz_seconds"
fi
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
if [ "${ORDERFLOW_BENCH_SMOKE:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  echo "Benchmark smoke run (bench/run.sh --smoke):"
  if ! "$repo_root/bench/run.sh" --smoke --out "$build_dir/test-logs/bench-smoke"; then
    echo "the benchmark smoke run failed"
    status=1
  fi
fi
exit "$status"
