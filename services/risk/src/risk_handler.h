#pragma once

#include <string>
#include <vector>

#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/message_writer.h"
#include "orderflow/metrics/metrics.h"

#include "recent_activity.h"
#include "risk_facts.h"
#include "risk_model.h"

namespace orderflow::risk {

struct RiskTopics {
  std::string assessed;  // where RiskAssessed goes: the raw topic, checked by the validator like any event
  std::string enriched;  // orderflow.events.enriched
};

// validated OrderPlaced / PaymentSettled -> join with user, products and order -> features ->
// model -> RiskAssessed (to `assessed`) and the enriched event (to `enriched`), both keyed as the
// event was; then the stage commits. Other event types pass by.
//
// Exactly one assessment per event: its ids are derived from the event's id, the processor stores
// the first RiskAssessed of an id and no other, and an event already assessed (a replay) gets its
// stored assessment again, byte for byte, instead of a new one.
class RiskHandler : public kafka::BatchHandler {
 public:
  RiskHandler(RiskFacts& facts, const RiskModel& model, kafka::MessageWriter& writer, RiskTopics topics,
              metrics::Registry& registry);

  void handle(const std::vector<kafka::Message>& batch) override;

 private:
  RiskFacts& facts_;
  const RiskModel& model_;
  kafka::MessageWriter& writer_;
  RiskTopics topics_;
  RecentActivity recent_;
  prometheus::Family<prometheus::Counter>& decisions_;
  prometheus::Family<prometheus::Histogram>& scores_;
  prometheus::Family<prometheus::Counter>& misses_;
  prometheus::Counter& replayed_;
};

// The assessment id of an event (also the RiskAssessed event's id and, for `review`, the review's).
std::string assessment_id_for(const std::string& source_event_id);

}  // namespace orderflow::risk
