#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "orderflow/metrics/metrics.h"

namespace orderflow::risk {

// review_queue_pending and review_queue_oldest_pending_seconds, read from the reviews table every
// `refresh`: what the review-queue alert watches. A failed read leaves the last values.
class ReviewQueueGauges {
 public:
  ReviewQueueGauges(std::string dsn, std::chrono::milliseconds refresh, metrics::Registry& registry);
  ~ReviewQueueGauges();
  ReviewQueueGauges(const ReviewQueueGauges&) = delete;
  ReviewQueueGauges& operator=(const ReviewQueueGauges&) = delete;

 private:
  void run();

  std::string dsn_;
  std::chrono::milliseconds refresh_;
  prometheus::Gauge& pending_;
  prometheus::Gauge& oldest_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace orderflow::risk
