#pragma once

#include <memory>
#include <string>
#include <thread>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/consumer.h"

#include "dead_letter_recorder.h"

namespace orderflow::processor {

// The dead-letter recorder as a component of the processor: its own consumer group
// (<group>-dead-letters) on the dead letter topic, its own stage ("dead-letter-recorder" in the
// stage metrics and logs), its own thread. It starts when constructed and is stopped and joined
// when destroyed; if it fails, it asks the whole process to stop, so a broken recorder is never
// silently missing.
class DeadLetterRecorderStage {
 public:
  struct Parts {
    const kafka::ClientConfig& kafka;
    std::string group;  // the processor's group; the recorder's is <group>-dead-letters
    std::string topic;  // the dead letter topic
    std::string database_url;
  };
  DeadLetterRecorderStage(const Parts& parts, metrics::Registry& registry, ShutdownSignal& shutdown);
  ~DeadLetterRecorderStage();
  DeadLetterRecorderStage(const DeadLetterRecorderStage&) = delete;
  DeadLetterRecorderStage& operator=(const DeadLetterRecorderStage&) = delete;

 private:
  ShutdownSignal& shutdown_;
  kafka::Consumer consumer_;
  DeadLetterRecorder recorder_;
  kafka::BatchStage stage_;
  std::thread thread_;
};

}  // namespace orderflow::processor
