#!/usr/bin/env bash
# The style checks of the test command: every C++ file as .clang-format says (deploy/local/format.sh
# --check), and clang-tidy's checks of .clang-tidy over the libraries' and services' sources, any
# finding an error. Needs a configured build (its compile_commands.json).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"
cd "$repo_root"
"$repo_root/deploy/local/format.sh" --check
[ -f "$build_dir/compile_commands.json" ] || { echo "no $build_dir/compile_commands.json: build first" >&2; exit 1; }
mapfile -t sources < <(git ls-files 'libs/*.cpp' 'services/*.cpp' | grep -v '/tests/')
# librdkafka's RD_KAFKA_V_* macros are GNU statement expressions, which -Wpedantic reports.
if ! printf '%s\n' "${sources[@]}" |
     xargs -P "$(nproc)" -n 8 clang-tidy -p "$build_dir" --quiet --extra-arg=-Wno-gnu-statement-expression \
       > "$build_dir/clang-tidy.log" 2>&1; then
  grep -E "(warning|error):" "$build_dir/clang-tidy.log" | sort -u
  echo "clang-tidy found the problems above (.clang-tidy says why each check is on)"
  exit 1
fi
echo "clang-tidy: ${#sources[@]} sources, no findings"
