#pragma once

#include <unordered_map>
#include <vector>

#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/message.h"
#include "orderflow/storage/event_store.h"

#include "dedup_cache.h"
#include "processor_metrics.h"

namespace orderflow::processor {

struct BatchOutcome {
  std::size_t applied = 0;
  std::size_t skipped_by_cache = 0;
  std::size_t skipped_by_database = 0;
  std::size_t dead_lettered = 0;
};

// "A batch of validated events -> database effects", free of Kafka's consumer plumbing.
//
// When process() returns, every message of the batch is durable somewhere: applied (exactly once,
// through the store's inbox) or in the dead letter queue. Then, and only then, may the caller
// commit the batch's offsets. When it throws, the caller retries the same batch: whatever part
// was already done is recognised and not done twice. A poison event never blocks its partition:
// it is isolated and dead-lettered (MessageRefused, orderflow/common/failure.h). An event id seen before with another
// payload is dead-lettered as a conflict and changes nothing.
class BatchProcessor : public kafka::BatchHandler {
 public:
  BatchProcessor(storage::EventStore& store, DedupCache& cache, dead_letters::DeadLetterSink& dead_letters,
                 ProcessorMetrics& metrics)
      : store_(store), cache_(cache), dead_letters_(dead_letters), metrics_(metrics) {}

  BatchOutcome process(const std::vector<kafka::Message>& batch);
  void handle(const std::vector<kafka::Message>& batch) override;

 private:
  // Applies `events`; when the database refuses the data itself, halves the batch until the
  // refused events stand alone, and dead-letters those. Unavailability is rethrown.
  void apply_isolating(const std::vector<storage::IncomingEvent>& events, storage::ApplyResult& result,
                       std::vector<dead_letters::DeadLetter>& refused);
  // Empty when the cache is unavailable: everything then goes to the database inbox.
  std::vector<std::optional<std::string>> cached(const std::vector<storage::IncomingEvent>& events);
  void remember(const DedupCache::Fingerprints& fingerprints);
  void set_degraded(bool degraded, const char* why);

  storage::EventStore& store_;
  DedupCache& cache_;
  dead_letters::DeadLetterSink& dead_letters_;
  ProcessorMetrics& metrics_;
  bool degraded_ = false;
  std::unordered_map<std::string, const kafka::Message*> sources_;  // event id -> message, per batch
};

}  // namespace orderflow::processor
