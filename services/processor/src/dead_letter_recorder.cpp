#include "dead_letter_recorder.h"

#include "orderflow/common/failure.h"
#include "orderflow/dead_letters/dead_letter.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::processor {
storage::DeadLetterRecord DeadLetterRecorder::to_record(const kafka::Message& message) {
  const auto letter = dead_letters::read(message);
  storage::DeadLetterRecord record;
  record.dlq_partition = message.partition;
  record.dlq_offset = message.offset;
  record.event_id = letter.event_id;
  record.reason = letter.reason;
  record.error = letter.error;
  record.stage = letter.stage;
  record.original_topic = letter.original_topic;
  record.original_partition = letter.original_partition;
  record.original_offset = letter.original_offset;
  record.payload = message.value;
  record.trace_id = letter.trace_id;
  return record;
}

void DeadLetterRecorder::handle(const std::vector<kafka::Message>& batch) {
  std::vector<storage::DeadLetterRecord> records;
  records.reserve(batch.size());
  for (const auto& m : batch) records.push_back(to_record(m));
  try {
    if (!connection_ || !connection_->is_open()) connection_ = std::make_unique<pqxx::connection>(dsn_);
    storage::record_dead_letters(*connection_, records);
    if (recorded_) recorded_->Increment(static_cast<double>(records.size()));
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) {
      connection_.reset();
      throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    }
    throw;  // about these records: the stage isolates the one at fault
  }
}

}  // namespace orderflow::processor
