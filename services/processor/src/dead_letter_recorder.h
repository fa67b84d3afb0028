#pragma once

#include <string>
#include <vector>

#include <memory>
#include <pqxx/pqxx>

#include "orderflow/kafka/batch_stage.h"
#include "orderflow/storage/dead_letter_records.h"

namespace orderflow::processor {

// The dead letter topic -> the dead_letters table, for GET /events/{id} and for operators'
// queries: a stage of its own (stage="dead-letter-recorder" in metrics and logs) on its own
// consumer group. Offsets are committed after the rows are, so every dead letter is recorded,
// once. Every field is bounded before it reaches PostgreSQL (an event id is kept only when it is
// a valid identifier), so a letter written by anyone cannot hold the partition.
class DeadLetterRecorder : public kafka::BatchHandler {
 public:
  explicit DeadLetterRecorder(std::string dsn) : dsn_(std::move(dsn)) {}

  void handle(const std::vector<kafka::Message>& batch) override;

  static storage::DeadLetterRecord to_record(const kafka::Message& message);

 private:
  std::string dsn_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace orderflow::processor
