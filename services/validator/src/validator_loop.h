#pragma once

#include <chrono>
#include <string>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/dead_letters.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::validator {

struct LoopOptions {
  std::string validated_topic;
  std::size_t batch_max_messages = 500;
  std::chrono::milliseconds batch_max_wait{50};
  std::chrono::seconds max_future_skew{300};
};

// consume raw events -> check -> forward or dead-letter -> wait for Kafka's acks -> commit.
// Offsets move only after every message of the batch is durable on its next topic, so a crash
// repeats work (the processor drops the repeats by event id) and never loses an event.
class ValidatorLoop {
 public:
  ValidatorLoop(kafka::Consumer& consumer, kafka::Producer& producer, kafka::DeadLetterSink& dead_letters,
                LoopOptions options, metrics::Registry& registry);

  // Returns when shutdown is requested; throws on a fatal Kafka error.
  void run(ShutdownSignal& shutdown);

 private:
  // True once the whole batch is durable; false if shutdown came first.
  bool deliver(const std::vector<kafka::Message>& batch, ShutdownSignal& shutdown);
  void forward(const std::vector<kafka::Message>& messages);

  kafka::Consumer& consumer_;
  kafka::Producer& producer_;
  kafka::DeadLetterSink& dead_letters_;
  LoopOptions options_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Counter& dlq_entries_;
  prometheus::Counter& retries_;
  prometheus::Histogram& consume_latency_;
};

}  // namespace orderflow::validator
