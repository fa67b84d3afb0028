#include "validator_worker.h"

namespace orderflow::validator {

ValidatorWorker::ValidatorWorker(const Parts& parts, dead_letters::DeadLetterSink& dead_letters,
                                 metrics::Registry& registry)
    : producer_(parts.kafka, parts.forwarding),
      writer_(producer_),
      handler_(writer_, dead_letters, parts.checks, registry),
      consumer_(parts.kafka, {parts.group, {parts.topic}}),
      stage_(consumer_, handler_, &dead_letters, parts.stage, registry,
             parts.stage.max_batches_in_flight > 1 ? &handler_ : nullptr) {}

void ValidatorWorker::run(ShutdownSignal& shutdown) {
  stage_.run(shutdown);
  consumer_.close();
}

}  // namespace orderflow::validator
