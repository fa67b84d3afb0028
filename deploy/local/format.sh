#!/usr/bin/env bash
# Formats every C++ file of the repository with .clang-format (Debian's clang-format 14).
#   deploy/local/format.sh           rewrite the files in place
#   deploy/local/format.sh --check   change nothing; list the files that differ and fail if any do
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
command -v clang-format > /dev/null || { echo "clang-format is missing: deploy/local/install-deps.sh installs it" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--check" ]; then
  differ=()
  for file in "${files[@]}"; do
    if ! clang-format --style=file "$file" | cmp -s - "$file"; then differ+=("$file"); fi
  done
  if [ "${#differ[@]}" -gt 0 ]; then
    printf 'not formatted (run deploy/local/format.sh):\n'; printf '  %s\n' "${differ[@]}"
    exit 1
  fi
  echo "${#files[@]} C++ files formatted as .clang-format says"
else
  clang-format --style=file -i "${files[@]}"
fi
