#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "orderflow/common/trace_context.h"
#include "orderflow/events/contract.h"

#include "event_publisher.h"

namespace orderflow::gateway {

// The outcome of taking one event, as the HTTP answer it becomes.
struct IntakeResult {
  int status = 0;  // 202, 400, 422, 503 or 500
  nlohmann::json body;
  bool retry_later = false;  // 503: answer with Retry-After
};

// Checks complete events against the contract and publishes the valid ones, keyed by their
// partition key. 202 means Kafka acknowledged the event; any other status means nothing was
// published: 400 malformed or schema-invalid, 422 breaking a business rule, 503 Kafka unavailable.
class EventIntake {
 public:
  // Called with the ids of the events Kafka acknowledged, before their requests are answered.
  using AcceptedCallback = std::function<void(const std::vector<std::string>&)>;

  EventIntake(EventPublisher& publisher, std::chrono::seconds max_future_skew, AcceptedCallback on_accepted = nullptr)
      : publisher_(publisher), max_future_skew_(max_future_skew), on_accepted_(std::move(on_accepted)) {}

  // `trace` is the request's; the events carry it on in their traceparent header.
  IntakeResult accept(const nlohmann::json& event, const TraceContext& trace);
  // Publishes the valid ones together and waits once; one result per event, in order.
  std::vector<IntakeResult> accept_all(const std::vector<nlohmann::json>& events, const TraceContext& trace);

 private:
  EventPublisher& publisher_;
  std::chrono::seconds max_future_skew_;
  AcceptedCallback on_accepted_;
};

}  // namespace orderflow::gateway
