#pragma once

#include <chrono>
#include <string>

#include "orderflow/dead_letters/sink.h"
#include "orderflow/events/settings.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/message_writer.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::validator {

struct ValidatorOptions {
  std::string validated_topic;
  std::chrono::seconds max_future_skew = events::kDefaultMaxFutureSkew;
};

// raw events -> check -> forward (same key, bytes and headers) or dead-letter -> wait for Kafka's
// acks. handle() returns only once every message of the batch is durable on its next topic, so the
// stage may commit; a crash in between repeats the batch, and the processor drops the repeats by id.
// start() forwards a batch without waiting, so the stage checks the next batch meanwhile.
class ValidatorHandler : public kafka::BatchHandler, public kafka::PipelinedHandler {
 public:
  ValidatorHandler(kafka::MessageWriter& writer, dead_letters::DeadLetterSink& dead_letters, ValidatorOptions options,
                   metrics::Registry& registry);

  void handle(const std::vector<kafka::Message>& batch) override;
  // Its dead letters are sent when the stage waits for the result, once the forwards are durable.
  std::unique_ptr<kafka::Pending> start(const std::vector<kafka::Message>& batch) override;

  // What a handled batch adds to the events_processed_total and dlq_entries_total counters.
  struct Counters {
    prometheus::Counter& valid;
    prometheus::Counter& invalid;
    prometheus::Counter& dlq_entries;
    void count(std::size_t forwarded, std::size_t dead_lettered) const;
  };

 private:
  void log_forwarded(const std::vector<kafka::Message>& forwarded) const;

  kafka::MessageWriter& writer_;
  dead_letters::DeadLetterSink& dead_letters_;
  ValidatorOptions options_;
  Counters counters_;
};

}  // namespace orderflow::validator
