#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {

Producer::DeliveryCallback DeliveryBatch::callback(std::size_t index) {
  return [this, index](const DeliveryReport& report) {
    std::lock_guard lock(mutex_);
    reports_[index] = report;
    if (--pending_ == 0) done_.notify_all();
  };
}

const std::vector<DeliveryReport>& DeliveryBatch::wait() {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
  return reports_;
}

}  // namespace orderflow::kafka
