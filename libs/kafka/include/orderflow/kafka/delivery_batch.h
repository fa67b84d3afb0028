#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// The delivery callbacks of `expected` messages produced together, one per message in produce
// order. Once all of them have been called, `on_all` gets the reports, in produce order, on the
// thread that delivered the last one (librdkafka's, or the caller of produce() when a message
// could not even be queued): nobody waits for them. With `expected` 0, on_all runs at once.
using AllDelivered = std::function<void(std::vector<DeliveryReport>)>;
std::vector<Producer::DeliveryCallback> collect_deliveries(std::size_t expected, AllDelivered on_all);

// Counts down the delivery reports of messages produced together, so a caller can produce a whole
// batch without waiting message by message, then wait once for all of them.
class DeliveryBatch {
 public:
  explicit DeliveryBatch(std::size_t expected);

  // The callback for message `index`; hand it to Producer::produce.
  Producer::DeliveryCallback callback(std::size_t index);
  // Blocks until every report arrived; returns them in produce order.
  const std::vector<DeliveryReport>& wait();

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  bool complete_ = false;
  std::vector<DeliveryReport> reports_;
  std::vector<Producer::DeliveryCallback> callbacks_;
};

}  // namespace orderflow::kafka
