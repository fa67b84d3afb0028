#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer) into
# build-fuzz/ and runs each one for SECONDS (default 10) from its committed seeds, with CTest.
#   deploy/local/fuzz.sh            # the smoke run the test command makes
#   deploy/local/fuzz.sh 600        # a longer run; see tests/fuzz/README.md
# A crash leaves its input in build-fuzz/tests/fuzz/crash-*; every one found becomes a test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
fuzz_dir="${ORDERFLOW_FUZZ_BUILD_DIR:-$repo_root/build-fuzz}"
seconds="${1:-10}"

cmake -S "$repo_root" -B "$fuzz_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DORDERFLOW_FUZZ=ON -DBUILD_TESTING=OFF -DORDERFLOW_BENCHMARKS=OFF -DORDERFLOW_WERROR=OFF \
  -DORDERFLOW_FUZZ_SECONDS="$seconds" > /dev/null
cmake --build "$fuzz_dir" --target fuzz_targets -- -j"$(nproc)"
ctest --test-dir "$fuzz_dir" -L fuzz --output-on-failure --parallel "$(nproc)" \
  | tee "$fuzz_dir/fuzz-summary.txt"
status=${PIPESTATUS[0]}
# Executions per target, from libFuzzer's final statistics.
total=0
while read -r name runs; do
  printf '  %-26s %12s executions\n' "$name" "$runs"
  total=$((total + runs))
done < <(awk '/^[0-9]+\/[0-9]+ Testing: /{name=$3} /stat::number_of_executed_units/{print name, $2}' \
           "$fuzz_dir/Testing/Temporary/LastTest.log")
echo "  total: $total executions in ${seconds}s per target"
exit "$status"
