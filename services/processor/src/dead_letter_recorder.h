#pragma once

#include <string>
#include <vector>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/storage/dead_letter_records.h"

namespace orderflow::processor {

// The dead letter topic -> the dead_letters table, for GET /events/{id} and for operators'
// queries. Offsets are committed after the rows are, so every dead letter is recorded, once.
class DeadLetterRecorder {
 public:
  DeadLetterRecorder(kafka::Consumer& consumer, std::string dsn) : consumer_(consumer), dsn_(std::move(dsn)) {}

  // Returns when shutdown is requested.
  void run(ShutdownSignal& shutdown);

  static storage::DeadLetterRecord to_record(const kafka::Message& message);

 private:
  kafka::Consumer& consumer_;
  std::string dsn_;
};

}  // namespace orderflow::processor
