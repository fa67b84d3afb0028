#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
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
// published: 400 malformed or schema-invalid, 422 breaking a business rule, 503 Kafka unavailable
// or more than `max_in_flight` events already waiting for Kafka's acknowledgement: a slow broker
// then costs clients a quick 503 with Retry-After, not a queue that grows without bound.
class EventIntake {
 public:
  // Called with the ids of the events Kafka acknowledged; their requests are answered when it
  // calls `then` (GET /events/{id} must know an id its client holds a 202 for).
  using AcceptedCallback = std::function<void(const std::vector<std::string>& ids, std::function<void()> then)>;

  EventIntake(EventPublisher& publisher, std::chrono::seconds max_future_skew, AcceptedCallback on_accepted = nullptr,
              std::size_t max_in_flight = 10'000)
      : publisher_(publisher),
        max_future_skew_(max_future_skew),
        on_accepted_(std::move(on_accepted)),
        max_in_flight_(max_in_flight) {}

  using Results = std::function<void(std::vector<IntakeResult>)>;

  // Checks the events and publishes the valid ones together. `done` gets one result per event, in
  // order, once Kafka has answered for every published one: on librdkafka's thread, or before
  // this returns when none was published. `trace` is the request's; the events carry it on in
  // their traceparent header. The events need not outlive this call.
  void accept_all(std::span<const nlohmann::json> events, const TraceContext& trace, Results done);

 private:
  EventPublisher& publisher_;
  std::chrono::seconds max_future_skew_;
  AcceptedCallback on_accepted_;
  std::size_t max_in_flight_;
  // Events handed to Kafka and not yet acknowledged. Shared with the delivery callbacks, which may
  // outlive a request's handler; a callback gives its events' places back when it goes, called or
  // not, so a lost callback cannot shrink max_in_flight for good.
  std::shared_ptr<std::atomic<std::size_t>> in_flight_ = std::make_shared<std::atomic<std::size_t>>(0);
};

}  // namespace orderflow::gateway
