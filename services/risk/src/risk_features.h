#pragma once

#include <map>
#include <optional>
#include <string>

// What the risk model reads about one order or payment, and the features made of it. Pure
// functions of their inputs: the same context always gives the same features.
//
// Amounts enter as doubles here because features are ratios and comparisons, never stored or
// summed as money; the stored amounts stay exact decimals elsewhere.
namespace orderflow::risk {

enum class SubjectKind { kOrder, kPayment };

const char* subject_name(SubjectKind kind);  // "order", "payment"

// Everything known when the subject is assessed: the event itself, its user's and order's
// reference data, and the user's recent activity before the event's time.
struct SubjectContext {
  SubjectKind kind = SubjectKind::kOrder;
  double amount = 0;  // the order's total, or the payment's amount
  std::string currency;
  // Orders: their items.
  long long max_quantity = 0;
  long long units = 0;
  // Payments.
  std::string payment_status;
  std::optional<double> order_total;  // the order it pays, when known
  std::string order_currency;
  // The user (of the order, or of the order a payment pays).
  std::optional<double> account_age_seconds;  // nullopt: the user is not known yet
  long long orders_1m = 0;                    // the user's other orders in the minute before
  long long orders_10m = 0;                   // ... in the 10 minutes before
  long long orders_1h = 0;                    // ... and in the hour before
  std::optional<double> average_order_total;  // the user's earlier orders in the same currency
  long long failed_payments_1h = 0;           // the user's failed payments in the hour before
  long long failed_payments_order = 0;        // failed payments of the same order before this one
  long long method_payments_10m = 0;          // the user's payments with the same method, 10 minutes
};

// Feature name -> raw value (before the model's transforms). Every feature is present for every
// subject, 0 where it does not apply, so a model sees one shape.
using Features = std::map<std::string, double>;

Features compute_features(const SubjectContext& context);

}  // namespace orderflow::risk
