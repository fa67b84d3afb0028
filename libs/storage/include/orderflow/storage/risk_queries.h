#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// The read-api's queries on risk: assessments (RiskAssessed) and the review queue (ReviewDecided).
// Times are RFC 3339 in UTC; jsonb columns come back as their JSON text.
namespace orderflow::storage {

struct ReviewRow {
  std::string review_id;
  std::string subject_type;  // order, payment
  std::string subject_id;
  std::string order_id;
  std::string status;  // pending, approved, rejected
  std::string created_at;
  std::optional<std::string> reviewer, note, decided_at;
};

struct RiskRow {
  std::string assessment_id;
  std::string model_version;
  std::string score;  // numeric text, e.g. "0.8123"
  std::string decision;
  std::string reasons_json;  // [{"feature","value","contribution"}]
  std::string missing_json;  // ["user", ...]
  std::string assessed_at;
  std::optional<ReviewRow> review;
};

// A review in the queue, with the assessment that opened it and what it is about.
struct QueuedReviewRow {
  ReviewRow review;
  RiskRow assessment;  // without .review
  std::optional<std::string> user_id;
  std::string amount;  // the order's total or the payment's amount, numeric text
  std::string currency;
};

// The latest assessment of an order or a payment, with its review when it opened one.
std::optional<RiskRow> find_risk(pqxx::transaction_base& txn, const std::string& subject_type,
                                 const std::string& subject_id);

// Reviews in `status`, oldest first, after the review `after_review_id` (empty: from the start).
std::vector<QueuedReviewRow> list_reviews(pqxx::connection& connection, const std::string& status, int limit,
                                          const std::string& after_review_id);

}  // namespace orderflow::storage
