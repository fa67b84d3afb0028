#include "orderflow/storage/risk_queries.h"

namespace orderflow::storage {
namespace {

constexpr const char* kRiskColumns = R"(
  a.assessment_id, a.model_version, a.score::text, a.decision, a.reasons::text, a.missing::text,
  orderflow_rfc3339(a.assessed_at),
  r.review_id, r.subject_type, r.subject_id, r.order_id, r.status, orderflow_rfc3339(r.created_at), r.reviewer,
  r.note, orderflow_rfc3339(r.decided_at))";

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string(field.c_str());
}

// kRiskColumns from `first` on.
RiskRow risk_row(const pqxx::row& row, int first) {
  RiskRow risk{row[first].c_str(),     row[first + 1].c_str(), row[first + 2].c_str(), row[first + 3].c_str(),
               row[first + 4].c_str(), row[first + 5].c_str(), row[first + 6].c_str(), std::nullopt};
  if (!row[first + 7].is_null()) {
    risk.review =
        ReviewRow{row[first + 7].c_str(),         row[first + 8].c_str(),         row[first + 9].c_str(),
                  row[first + 10].c_str(),        row[first + 11].c_str(),        row[first + 12].c_str(),
                  optional_text(row[first + 13]), optional_text(row[first + 14]), optional_text(row[first + 15])};
  }
  return risk;
}

}  // namespace

std::optional<RiskRow> find_risk(pqxx::transaction_base& txn, const std::string& subject_type,
                                 const std::string& subject_id) {
  const auto rows = txn.exec_params(std::string("SELECT ") + kRiskColumns + R"(
    FROM risk_assessments a LEFT JOIN reviews r ON r.review_id = a.assessment_id
    WHERE a.subject_type = $1 AND a.subject_id = $2
    ORDER BY a.assessed_at DESC, a.assessment_id DESC LIMIT 1)",
                                    subject_type, subject_id);
  if (rows.empty()) return std::nullopt;
  return risk_row(rows[0], 0);
}

std::vector<QueuedReviewRow> list_reviews(pqxx::connection& connection, const std::string& status, int limit,
                                          const std::string& after_review_id) {
  pqxx::read_transaction txn(connection);
  // Keyset paging on the queue's index: (created_at, review_id) after the given review's.
  const auto rows = txn.exec_params(std::string("SELECT ") + kRiskColumns + R"(,
      a.user_id, coalesce(p.amount, o.total_amount)::text, coalesce(p.currency, o.currency)
    FROM reviews r
    JOIN risk_assessments a ON a.assessment_id = r.review_id
    LEFT JOIN orders o ON r.subject_type = 'order' AND o.order_id = r.subject_id
    LEFT JOIN payments p ON r.subject_type = 'payment' AND p.payment_id = r.subject_id
    WHERE r.status = $1
      AND ($3 = '' OR (r.created_at, r.review_id) >
                      (SELECT created_at, review_id FROM reviews WHERE review_id = $3))
    ORDER BY r.created_at, r.review_id
    LIMIT $2)",
                                    status, limit, after_review_id);
  std::vector<QueuedReviewRow> out;
  for (const auto& row : rows) {
    RiskRow risk = risk_row(row, 0);
    ReviewRow review = std::move(*risk.review);
    risk.review.reset();
    out.push_back({std::move(review), std::move(risk), optional_text(row[16]), row[17].is_null() ? "" : row[17].c_str(),
                   row[18].is_null() ? "" : row[18].c_str()});
  }
  return out;
}

}  // namespace orderflow::storage
