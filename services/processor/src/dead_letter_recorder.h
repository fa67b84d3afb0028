#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "orderflow/kafka/batch_stage.h"
#include "orderflow/metrics/metrics.h"
#include "orderflow/storage/dead_letter_records.h"

namespace orderflow::processor {

// The dead letter topic -> the dead_letters table, for GET /events/{id} and for operators'
// queries: a stage of its own (stage="dead-letter-recorder" in metrics and logs) on its own
// consumer group. Offsets are committed after the rows are, so every dead letter is recorded,
// once. Every field is bounded before it reaches PostgreSQL (an event id is kept only when it is
// a valid identifier), so a letter written by anyone cannot hold the partition.
class DeadLetterRecorder : public kafka::BatchHandler {
 public:
  // `recorded` counts the dead letters recorded (dead_letters_recorded_total); may be null.
  explicit DeadLetterRecorder(std::string dsn, prometheus::Counter* recorded = nullptr)
      : dsn_(std::move(dsn)), recorded_(recorded) {}

  void handle(const std::vector<kafka::Message>& batch) override;

  static storage::DeadLetterRecord to_record(const kafka::Message& message);

 private:
  std::string dsn_;
  std::unique_ptr<pqxx::connection> connection_;
  prometheus::Counter* recorded_;
};

}  // namespace orderflow::processor
