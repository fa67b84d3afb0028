#!/usr/bin/env bash
# Configures (once) and builds orderflow into build/ with CMake and Ninja.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${ORDERFLOW_BUILD_TYPE:-RelWithDebInfo}" > /dev/null
fi
cmake --build "$build_dir" -- -j"$(nproc)"
