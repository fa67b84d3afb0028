#include "risk_features.h"

#include <algorithm>
#include <cmath>

namespace orderflow::risk {

const char* subject_name(SubjectKind kind) {
  return kind == SubjectKind::kOrder ? "order" : "payment";
}

Features compute_features(const SubjectContext& c) {
  const bool order = c.kind == SubjectKind::kOrder;
  const bool payment = !order;
  const bool user_known = c.account_age_seconds.has_value();
  Features f;
  f["is_payment"] = payment ? 1 : 0;
  f["unknown_user"] = user_known ? 0 : 1;
  // An account younger than an hour when it orders or pays.
  f["new_account"] = user_known && *c.account_age_seconds < 3600 ? 1 : 0;
  f["orders_1m"] = order ? static_cast<double>(c.orders_1m) : 0;
  f["orders_10m"] = order ? static_cast<double>(c.orders_10m) : 0;
  f["orders_1h"] = order ? static_cast<double>(c.orders_1h) : 0;
  // How many times the user's usual order this one is; 1 without a history to compare with.
  f["amount_vs_history"] =
      order && c.average_order_total && *c.average_order_total > 0 ? c.amount / *c.average_order_total : 1;
  f["max_quantity"] = order ? static_cast<double>(c.max_quantity) : 0;
  f["units"] = order ? static_cast<double>(c.units) : 0;
  f["unknown_order"] = payment && !c.order_total ? 1 : 0;
  // The share of the order's total the payment misses (or exceeds), at most 1.
  f["payment_mismatch"] = payment && c.order_total && *c.order_total > 0
                              ? std::min(1.0, std::fabs(c.amount - *c.order_total) / *c.order_total)
                              : 0;
  f["currency_mismatch"] = payment && c.order_total && c.currency != c.order_currency ? 1 : 0;
  f["failed_payments_1h"] = payment ? static_cast<double>(c.failed_payments_1h) : 0;
  f["failed_payments_order"] = payment ? static_cast<double>(c.failed_payments_order) : 0;
  f["method_payments_10m"] = payment ? static_cast<double>(c.method_payments_10m) : 0;
  return f;
}

}  // namespace orderflow::risk
