#!/usr/bin/env bash
# Trains a risk model on generated traffic with planted fraud, against a running orderflow
# (deploy/local/run.sh in another terminal):
#
#   tools/risk/train.sh [SECONDS] [VERSION]      e.g. tools/risk/train.sh 120 risk-v2
#
# orderflow-loadgen sends SECONDS of traffic (RATE requests/s, FRAUD_SHARE of orders planted),
# writing its labels; once every order and payment of the run is assessed, the features the risk
# stage recorded are exported from PostgreSQL and tools/risk/train.py fits a model on 70 % of the
# orders and reports precision and recall on the other 30 %. It writes
# services/risk/models/risk_model.<N>.json and its report beside it; rebuild to use it as the
# built-in model (kBuiltInModel) or point RISK_MODEL_FILE at it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
build_dir="${ORDERFLOW_BUILD_DIR:-$repo_root/build}"
seconds="${1:-120}"
version="${2:-risk-v2}"
rate="${RATE:-300}"
fraud_share="${FRAUD_SHARE:-0.1}"
database_url="${DATABASE_URL:-postgresql://orderflow@127.0.0.1:5432/orderflow}"
base="${BASE_MODEL:-$repo_root/services/risk/models/risk_model.v1.json}"
models="$repo_root/services/risk/models"
run="train$(date +%s)"
work="${TRAIN_WORK_DIR:-$(mktemp -d)}"  # TRAIN_WORK_DIR keeps the labels and features
[ -n "${TRAIN_WORK_DIR:-}" ] || trap 'rm -rf "$work"' EXIT

# A key of its own, with a rate limit above the traffic's, so no request of the run is refused.
key="$(DATABASE_URL="$database_url" "$build_dir/services/keys-tool/orderflow-keys" create "$run" \
  --rate 100000 --burst 100000 2>/dev/null | grep -oE 'of_[A-Za-z0-9_-]{43}' | head -n1)"
sleep 3  # gateways pick up new keys within API_KEYS_REFRESH_MS (2 s)
echo "generating $seconds s of traffic at $rate/s, run $run"
(cd "$repo_root" && "$build_dir/tools/loadgen/orderflow-loadgen" --rate "$rate" --duration "$seconds" \
  --fraud-share "$fraud_share" --seed 7 --run "$run" --labels "$work/labels.csv" --api-key "$key")
DATABASE_URL="$database_url" "$build_dir/services/keys-tool/orderflow-keys" revoke "$run" >/dev/null

# Every order and payment of the run assessed: the export is then complete.
pending() {
  psql "$database_url" -tAc "
    SELECT (SELECT count(*) FROM orders o WHERE o.order_id LIKE '$run-%' AND NOT EXISTS
              (SELECT 1 FROM risk_assessments a WHERE a.subject_type = 'order' AND a.subject_id = o.order_id))
         + (SELECT count(*) FROM payments p WHERE p.order_id LIKE '$run-%' AND NOT EXISTS
              (SELECT 1 FROM risk_assessments a WHERE a.subject_type = 'payment' AND a.subject_id = p.payment_id))"
}
for _ in $(seq 1 120); do
  [ "$(pending)" = 0 ] && break
  sleep 1
done
[ "$(pending)" = 0 ] || { echo "assessments still missing after 120 s: is the risk stage running?" >&2; exit 1; }

psql "$database_url" -qc "\\copy (SELECT subject_type, order_id, features::text FROM risk_assessments
  WHERE order_id LIKE '$run-%' ORDER BY assessed_at, assessment_id) TO '$work/features.csv' CSV"
number="${version##*-}"
python3 "$here/train.py" --features "$work/features.csv" --labels "$work/labels.csv" --base "$base" \
  --version "$version" --out "$models/risk_model.$number.json" --report "$models/risk_model.$number.md"
