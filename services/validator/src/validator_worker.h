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
// events it forwards. A stage waits for Kafka's acknowledgement of each batch it forwards before it
// commits and polls again; a process runs several (VALIDATOR_CONSUMERS), so that while one waits
// another checks and forwards its partitions' events. Dead letters go through the shared sink.
class ValidatorWorker {
 public:
  struct Parts {
    const kafka::ClientConfig& kafka;
    std::string group;
    std::string topic;
    ValidatorOptions checks;
    kafka::StageOptions stage;
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
