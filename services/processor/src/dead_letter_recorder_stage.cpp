#include "dead_letter_recorder_stage.h"

#include "orderflow/common/logger.h"

namespace orderflow::processor {

DeadLetterRecorderStage::DeadLetterRecorderStage(const Parts& parts, metrics::Registry& registry,
                                                 ShutdownSignal& shutdown)
    : shutdown_(shutdown),
      consumer_(parts.kafka, {parts.group + "-dead-letters", {parts.topic}}),
      recorder_(parts.database_url, &prometheus::BuildCounter()
                                         .Name("dead_letters_recorded_total")
                                         .Help("Dead letters recorded in the dead_letters table (GET /events/{id})")
                                         .Register(registry)
                                         .Add({})),
      // No dead-letter sink: a letter the recorder cannot take is logged and skipped, never
      // dead-lettered again onto the topic it reads.
      stage_(consumer_, recorder_, nullptr,
             {.name = "dead-letter-recorder", .batch_max_wait = std::chrono::milliseconds(200)}, registry),
      thread_([this] {
        try {
          stage_.run(shutdown_);
        } catch (const std::exception& e) {
          log::error("dead-letter recorder stopped on error", {{"error", e.what()}});
          shutdown_.request();
        }
      }) {}

DeadLetterRecorderStage::~DeadLetterRecorderStage() {
  shutdown_.request();
  thread_.join();
}

}  // namespace orderflow::processor
