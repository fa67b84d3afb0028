#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
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
// batch without waiting message by message, then wait once for all of them. The reports land in
// state the callbacks share, so a DeliveryBatch may be destroyed before its messages are reported.
class DeliveryBatch {
 public:
  explicit DeliveryBatch(std::size_t expected);

  // The callback for message `index`; hand it to Producer::produce.
  Producer::DeliveryCallback callback(std::size_t index);
  // True once every report arrived; never blocks.
  bool complete() const;
  // Blocks until every report arrived; returns them in produce order.
  const std::vector<DeliveryReport>& wait();

 private:
  struct Reports {
    std::mutex mutex;
    std::condition_variable done;
    bool complete = false;
    std::vector<DeliveryReport> reports;
  };
  std::shared_ptr<Reports> reports_ = std::make_shared<Reports>();
  std::vector<Producer::DeliveryCallback> callbacks_;
};

}  // namespace orderflow::kafka
