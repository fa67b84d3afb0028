#include "orderflow/kafka/delivery_batch.h"

#include <memory>

namespace orderflow::kafka {

std::vector<Producer::DeliveryCallback> collect_deliveries(std::size_t expected, AllDelivered on_all) {
  struct Collected {
    std::mutex mutex;
    std::vector<DeliveryReport> reports;
    std::size_t pending;
    AllDelivered on_all;
  };
  if (expected == 0) {
    on_all({});
    return {};
  }
  auto collected = std::make_shared<Collected>();
  collected->reports.resize(expected);
  collected->pending = expected;
  collected->on_all = std::move(on_all);
  std::vector<Producer::DeliveryCallback> callbacks;
  callbacks.reserve(expected);
  for (std::size_t index = 0; index < expected; ++index) {
    callbacks.emplace_back([collected, index](const DeliveryReport& report) {
      {
        std::lock_guard lock(collected->mutex);
        collected->reports[index] = report;
        if (--collected->pending > 0) return;
      }
      collected->on_all(std::move(collected->reports));
    });
  }
  return callbacks;
}

DeliveryBatch::DeliveryBatch(std::size_t expected)
    : callbacks_(collect_deliveries(expected, [reports = reports_](std::vector<DeliveryReport> delivered) {
        std::lock_guard lock(reports->mutex);
        reports->reports = std::move(delivered);
        reports->complete = true;
        reports->done.notify_all();
      })) {}

Producer::DeliveryCallback DeliveryBatch::callback(std::size_t index) {
  return std::move(callbacks_.at(index));
}

bool DeliveryBatch::complete() const {
  std::lock_guard lock(reports_->mutex);
  return reports_->complete;
}

const std::vector<DeliveryReport>& DeliveryBatch::wait() {
  std::unique_lock lock(reports_->mutex);
  reports_->done.wait(lock, [this] { return reports_->complete; });
  return reports_->reports;
}

}  // namespace orderflow::kafka
