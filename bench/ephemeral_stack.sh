# Sourced by the benchmark scripts: installs what is missing, builds, and starts an ephemeral stack
# (free ports, a temporary directory) that is torn down when the sourcing script exits, however it
# exits. Exports KAFKA_BROKERS, DATABASE_URL and REDIS_URL; sets repo_root, build_dir, stack_dir.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"

"$repo_root/deploy/local/install-deps.sh"
"$repo_root/deploy/local/build.sh" > /dev/null
stack_dir="$(mktemp -d)"
trap '"$repo_root/deploy/local/stack.sh" down --dir "$stack_dir"' EXIT
"$repo_root/deploy/local/stack.sh" up --ephemeral --dir "$stack_dir" --owner-pid $$
set -a
# shellcheck source=/dev/null
source "$stack_dir/stack.env"
set +a
