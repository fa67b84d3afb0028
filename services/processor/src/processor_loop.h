#pragma once

#include <chrono>

#include "batch_processor.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/consumer.h"

namespace orderflow::processor {

struct LoopOptions {
  std::size_t batch_max_messages = 1000;
  std::chrono::milliseconds batch_max_wait{50};
  std::chrono::milliseconds max_backoff{5000};
};

// poll a batch -> BatchProcessor::process (retried with backoff while it fails) -> commit offsets.
class ProcessorLoop {
 public:
  ProcessorLoop(kafka::Consumer& consumer, BatchProcessor& processor, LoopOptions options, ProcessorMetrics& metrics)
      : consumer_(consumer), processor_(processor), options_(options), metrics_(metrics) {}

  // Returns when shutdown is requested, after committing what is done.
  void run(ShutdownSignal& shutdown);

 private:
  // True once the batch is durable; false if shutdown came first.
  bool process_until_done(const std::vector<kafka::Message>& batch, ShutdownSignal& shutdown);

  kafka::Consumer& consumer_;
  BatchProcessor& processor_;
  LoopOptions options_;
  ProcessorMetrics& metrics_;
};

}  // namespace orderflow::processor
