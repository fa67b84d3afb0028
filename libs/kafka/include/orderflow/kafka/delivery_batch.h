#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// Counts down the delivery reports of messages produced together, so a caller can produce a whole
// batch without waiting message by message, then wait once for all of them.
class DeliveryBatch {
 public:
  explicit DeliveryBatch(std::size_t expected) : reports_(expected), pending_(expected) {}

  // The callback for message `index`; hand it to Producer::produce.
  Producer::DeliveryCallback callback(std::size_t index);
  // Blocks until every report arrived; returns them in produce order.
  const std::vector<DeliveryReport>& wait();

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<DeliveryReport> reports_;
  std::size_t pending_;
};

}  // namespace orderflow::kafka
