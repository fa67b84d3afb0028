#include "stored_risk_facts.h"

#include <cstdio>

#include "orderflow/common/failure.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::risk {
namespace {

constexpr const char* kUsers = R"(
  SELECT user_id, first_name, last_name, email, extract(epoch FROM created_at)::float8
  FROM users WHERE user_id = ANY($1::text[]))";

constexpr const char* kProducts = R"(
  SELECT sku, name, category, price::text, currency, active FROM products WHERE sku = ANY($1::text[]))";

constexpr const char* kOrders = R"(
  SELECT order_id, user_id, total_amount::text, currency, extract(epoch FROM placed_at)::float8
  FROM orders WHERE order_id = ANY($1::text[]))";

// Per query: the user's orders and payments in the hour before `at` (at most 200 of each: beyond
// that the features are saturated anyway), and the average of the 100 orders before that hour in
// the same currency.
constexpr const char* kHistories = R"(
  SELECT q.n, a.kind, a.id, extract(epoch FROM a.at)::float8, a.order_id, a.status, a.method, avg_total.value
  FROM unnest($1::text[], $2::float8[], $3::text[]) WITH ORDINALITY AS q(user_id, at, currency, n)
  CROSS JOIN LATERAL (
    SELECT avg(total_amount)::float8 AS value FROM (
      SELECT total_amount FROM orders
      WHERE user_id = q.user_id AND currency = q.currency AND placed_at < to_timestamp(q.at) - interval '1 hour'
      ORDER BY placed_at DESC LIMIT 100) AS earlier) AS avg_total
  LEFT JOIN LATERAL (
    (SELECT 'order' AS kind, o.order_id AS id, o.placed_at AS at, o.order_id, '' AS status, '' AS method
     FROM orders o
     WHERE o.user_id = q.user_id AND o.placed_at >= to_timestamp(q.at) - interval '1 hour'
       AND o.placed_at <= to_timestamp(q.at)
     ORDER BY o.placed_at DESC LIMIT 200)
    UNION ALL
    (SELECT 'payment', p.payment_id, p.settled_at, p.order_id, p.status, coalesce(p.payment_method, '')
     FROM orders o JOIN payments p ON p.order_id = o.order_id
     WHERE o.user_id = q.user_id AND o.placed_at >= to_timestamp(q.at) - interval '2 hours'
       AND p.settled_at >= to_timestamp(q.at) - interval '1 hour' AND p.settled_at <= to_timestamp(q.at)
     ORDER BY p.settled_at DESC LIMIT 200)) AS a ON true
  ORDER BY q.n)";

constexpr const char* kStoredAssessments = R"(
  SELECT event_id, payload::text FROM processed_events
  WHERE event_id = ANY($1::text[]) AND event_type = 'RiskAssessed')";

// A PostgreSQL array literal of `values`, each quoted (libpqxx 6 passes no arrays itself).
std::string array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string array_literal(const std::vector<double>& values) {
  std::string out = "{";
  char buffer[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::snprintf(buffer, sizeof buffer, "%.6f", values[i]);
    if (i) out += ',';
    out += buffer;
  }
  return out + "}";
}

}  // namespace

template <typename Query>
auto StoredRiskFacts::read(Query&& query) {
  try {
    auto connection = database_.acquire();
    pqxx::read_transaction txn(*connection);
    return query(txn);
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    throw;
  }
}

std::map<std::string, UserFacts> StoredRiskFacts::users(const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return {};
  return read([&](pqxx::read_transaction& txn) {
    std::map<std::string, UserFacts> out;
    for (const auto& row : txn.exec_params(kUsers, array_literal(user_ids))) {
      out[row[0].c_str()] = {row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].as<double>()};
    }
    return out;
  });
}

std::map<std::string, ProductFacts> StoredRiskFacts::products(const std::vector<std::string>& skus) {
  if (skus.empty()) return {};
  return read([&](pqxx::read_transaction& txn) {
    std::map<std::string, ProductFacts> out;
    for (const auto& row : txn.exec_params(kProducts, array_literal(skus))) {
      out[row[0].c_str()] = {row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str(), row[5].as<bool>()};
    }
    return out;
  });
}

std::map<std::string, OrderFacts> StoredRiskFacts::orders(const std::vector<std::string>& order_ids) {
  if (order_ids.empty()) return {};
  return read([&](pqxx::read_transaction& txn) {
    std::map<std::string, OrderFacts> out;
    for (const auto& row : txn.exec_params(kOrders, array_literal(order_ids))) {
      out[row[0].c_str()] = {row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].as<double>()};
    }
    return out;
  });
}

std::vector<UserHistory> StoredRiskFacts::histories(const std::vector<HistoryQuery>& queries) {
  std::vector<UserHistory> out(queries.size());
  if (queries.empty()) return out;
  std::vector<std::string> users, currencies;
  std::vector<double> times;
  for (const auto& q : queries) {
    users.push_back(q.user_id);
    times.push_back(q.at);
    currencies.push_back(q.currency);
  }
  return read([&](pqxx::read_transaction& txn) {
    for (const auto& row :
         txn.exec_params(kHistories, array_literal(users), array_literal(times), array_literal(currencies))) {
      auto& history = out.at(row[0].as<std::size_t>() - 1);
      if (!row[7].is_null()) history.average_order_total = row[7].as<double>();
      if (row[1].is_null()) continue;
      history.last_hour.push_back(
          {row[2].c_str(), row[1].c_str(), row[3].as<double>(), row[4].c_str(), row[5].c_str(), row[6].c_str()});
    }
    return out;
  });
}

std::map<std::string, std::string> StoredRiskFacts::stored_assessments(const std::vector<std::string>& assessment_ids) {
  if (assessment_ids.empty()) return {};
  return read([&](pqxx::read_transaction& txn) {
    std::map<std::string, std::string> out;
    for (const auto& row : txn.exec_params(kStoredAssessments, array_literal(assessment_ids)))
      out[row[0].c_str()] = row[1].c_str();
    return out;
  });
}

}  // namespace orderflow::risk
