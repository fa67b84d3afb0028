#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/message_writer.h"
#include "orderflow/kafka/producer.h"

#include "validator_handler.h"

namespace orderflow::validator {

// One consumer of the validator's group with its own partitions and its own producer for the
// events it forwards. It checks and forwards its next batches while Kafka acknowledges the last
// (up to BATCHES_IN_FLIGHT), and commits each batch once acknowledged; a process runs several
// (VALIDATOR_CONSUMERS). Dead letters go through the shared sink.
class ValidatorWorker {
 public:
  struct Parts {
    const kafka::ClientConfig& kafka;
    std::string group;
    std::string topic;
    ValidatorOptions checks;
    kafka::StageOptions stage;
    kafka::ProducerOptions forwarding;
  };

  ValidatorWorker(const Parts& parts, dead_letters::DeadLetterSink& dead_letters, metrics::Registry& registry);

  std::shared_ptr<const std::atomic<int>> assigned_partitions() const { return consumer_.assigned_partitions(); }
  // Until shutdown; then leaves the group. Throws what stops the stage.
  void run(ShutdownSignal& shutdown);

 private:
  kafka::Producer producer_;  // its own: a batch's flush then waits for that batch alone
  kafka::ProducerWriter writer_;
  ValidatorHandler handler_;
  kafka::Consumer consumer_;
  kafka::BatchStage stage_;
};

}  // namespace orderflow::validator
