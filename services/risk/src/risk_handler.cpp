#include "risk_handler.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "orderflow/common/logger.h"
#include "orderflow/common/sha256.h"
#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

#include "subject.h"

namespace orderflow::risk {
namespace {

const std::vector<double> kScoreBuckets = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};

nlohmann::json decimal(const std::string& text) {
  return exact_json::decimal_node(Decimal::parse(text).value());
}

// A score, feature or contribution, rounded to 4 decimals, as an exact JSON number token. Held
// within ±1e12 (a Decimal has 19 digits): a feature beyond that says nothing more.
nlohmann::json rounded(double value) {
  if (!std::isfinite(value)) value = value > 0 ? 1e12 : (value < 0 ? -1e12 : 0);
  value = std::clamp(value, -1e12, 1e12);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  return decimal(buffer);
}

nlohmann::json assessed_event(const Subject& subject, const Features& features, const Assessment& assessment,
                              const std::string& model_version, const std::vector<std::string>& missing,
                              const std::string& now) {
  const std::string id = assessment_id_for(subject.event_id);
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& r : assessment.reasons) {
    reasons.push_back({{"feature", r.feature}, {"value", rounded(r.value)}, {"contribution", rounded(r.contribution)}});
  }
  nlohmann::json feature_values = nlohmann::json::object();
  for (const auto& [name, value] : features) feature_values[name] = rounded(value);
  nlohmann::json event = {{"eventId", id},
                          {"eventType", "RiskAssessed"},
                          {"schemaVersion", 1},
                          {"timestamp", now},
                          {"assessmentId", id},
                          {"sourceEventId", subject.event_id},
                          {"subjectType", subject_name(subject.kind)},
                          {"subjectId", subject.subject_id},
                          {"orderId", subject.order_id},
                          {"modelVersion", model_version},
                          {"score", rounded(assessment.score)},
                          {"decision", decision_name(assessment.decision)},
                          {"reasons", std::move(reasons)},
                          {"features", std::move(feature_values)},
                          {"missing", missing},
                          {"assessedAt", now}};
  if (!subject.user_id.empty()) event["userId"] = subject.user_id;
  return event;
}

}  // namespace

std::string assessment_id_for(const std::string& source_event_id) {
  return events::kAssessmentIdPrefix + sha256_hex(source_event_id).substr(0, 32);
}

RiskHandler::RiskHandler(RiskFacts& facts, const RiskModel& model, kafka::MessageWriter& writer, RiskTopics topics,
                         metrics::Registry& registry)
    : facts_(facts),
      model_(model),
      writer_(writer),
      topics_(std::move(topics)),
      decisions_(prometheus::BuildCounter()
                     .Name("risk_assessments_total")
                     .Help("Events assessed, by subject (order, payment) and decision")
                     .Register(registry)),
      scores_(prometheus::BuildHistogram().Name("risk_score").Help("Risk scores, by subject").Register(registry)),
      misses_(prometheus::BuildCounter()
                  .Name("enrichment_misses_total")
                  .Help("Reference data not yet known when an event was enriched, by what (user, product, order)")
                  .Register(registry)),
      replayed_(prometheus::BuildCounter()
                    .Name("risk_replayed_assessments_total")
                    .Help("Events assessed before (replays), answered with their stored assessment")
                    .Register(registry)
                    .Add({})) {}

void RiskHandler::handle(const std::vector<kafka::Message>& batch) {
  std::vector<Subject> subjects = read_subjects(batch);
  if (subjects.empty()) return;

  // What the store knows, asked once for the whole batch.
  std::vector<std::string> ids, order_ids, skus;
  for (const auto& s : subjects) {
    ids.push_back(assessment_id_for(s.event_id));
    if (s.kind == SubjectKind::kPayment && !recent_.order(s.order_id)) order_ids.push_back(s.order_id);
    for (const auto& item : s.items) skus.push_back(item.sku);
  }
  const auto stored = facts_.stored_assessments(ids);
  const auto stored_orders = facts_.orders(order_ids);
  std::map<std::string, OrderFacts> batch_orders;  // an order and its payment in one batch
  for (auto& s : subjects) {
    if (s.kind == SubjectKind::kOrder) {
      batch_orders[s.order_id] = order_facts(s);
      continue;
    }
    if (auto it = batch_orders.find(s.order_id); it != batch_orders.end()) {
      s.order = it->second;
    } else if (auto order = recent_.order(s.order_id)) {
      s.order = order;
    } else if (auto it = stored_orders.find(s.order_id); it != stored_orders.end()) {
      s.order = it->second;
    }
    if (s.order) s.user_id = s.order->user_id;
  }
  std::vector<std::string> user_ids;
  std::vector<HistoryQuery> queries;
  for (const auto& s : subjects) {
    if (s.user_id.empty()) continue;
    user_ids.push_back(s.user_id);
    queries.push_back({s.user_id, s.at, s.kind == SubjectKind::kOrder ? s.currency : s.order->currency});
  }
  const auto users = facts_.users(user_ids);
  const auto products = facts_.products(skus);
  const auto histories = facts_.histories(queries);

  const std::string now = format_rfc3339(std::chrono::system_clock::now());
  std::vector<kafka::Message> assessed, enriched;
  std::size_t next_history = 0;
  for (const auto& s : subjects) {
    const UserHistory* history = s.user_id.empty() ? nullptr : &histories.at(next_history++);
    const UserFacts* user = nullptr;
    if (auto it = users.find(s.user_id); it != users.end()) user = &it->second;
    const Enrichment enrichment = enrich(s, user, products);
    for (const auto& what : enrichment.missing) misses_.Add({{"what", what}}).Increment();

    std::string payload;
    if (auto it = stored.find(assessment_id_for(s.event_id)); it != stored.end()) {
      // Assessed before: the same assessment again, written as it was first (jsonb keeps no layout).
      payload = exact_json::dump_exact(std::get<nlohmann::json>(exact_json::parse_exact(it->second)));
      replayed_.Increment();
    } else {
      const auto context = subject_context(s, user, history, recent_.last_hour(s.user_id, s.at));
      const Features features = compute_features(context);
      const Assessment assessment = model_.assess(features);
      payload =
          exact_json::dump_exact(assessed_event(s, features, assessment, model_.version(), enrichment.missing, now));
      scores_.Add({{"subject", subject_name(s.kind)}}, kScoreBuckets).Observe(assessment.score);
      decisions_.Add({{"subject", subject_name(s.kind)}, {"decision", decision_name(assessment.decision)}}).Increment();
    }
    remember(recent_, s);

    const auto risk = std::get<nlohmann::json>(exact_json::parse_exact(payload));
    kafka::Headers headers = {{"eventType", "RiskAssessed"},
                              {"eventId", risk["eventId"].get<std::string>()},
                              {"traceparent", kafka::header_value(s.message->headers, "traceparent")}};
    assessed.push_back({topics_.assessed, 0, 0, s.order_id, payload, headers, 0});
    enriched.push_back({topics_.enriched, 0, 0, s.message->key,
                        exact_json::dump_exact(enriched_event(s, enrichment, risk)), s.message->headers, 0});
  }
  writer_.write_all(topics_.assessed, assessed);
  writer_.write_all(topics_.enriched, enriched);
}

}  // namespace orderflow::risk
