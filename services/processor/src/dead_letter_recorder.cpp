#include "dead_letter_recorder.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/common/utf8.h"

namespace orderflow::processor {
namespace {

// Headers are bytes anyone may have written; the columns they go to take UTF-8 text only.
std::string header(const kafka::Message& message, const std::string& name) {
  return to_valid_utf8(kafka::header_value(message.headers, name));
}

long long number_or_zero(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

storage::DeadLetterRecord DeadLetterRecorder::to_record(const kafka::Message& message) {
  storage::DeadLetterRecord record;
  record.dlq_partition = message.partition;
  record.dlq_offset = message.offset;
  const auto parsed = nlohmann::json::parse(message.value, nullptr, false);
  if (parsed.is_object() && parsed.contains("eventId") && parsed["eventId"].is_string()) {
    record.event_id = parsed["eventId"].get<std::string>();
  }
  record.reason = header(message, "dlq.reason");
  record.error = header(message, "dlq.error");
  record.stage = header(message, "dlq.stage");
  record.original_topic = header(message, "dlq.original.topic");
  record.original_partition = static_cast<std::int32_t>(number_or_zero(header(message, "dlq.original.partition")));
  record.original_offset = number_or_zero(header(message, "dlq.original.offset"));
  record.payload = message.value;
  if (const auto trace = TraceContext::parse(header(message, "traceparent"))) record.trace_id = trace->trace_id;
  return record;
}

void DeadLetterRecorder::run(ShutdownSignal& shutdown) {
  std::unique_ptr<pqxx::connection> connection;
  while (!shutdown.requested()) {
    const auto batch = consumer_.poll_batch(500, std::chrono::milliseconds(200));
    if (batch.empty()) continue;
    std::vector<storage::DeadLetterRecord> records;
    for (const auto& m : batch) records.push_back(to_record(m));
    while (!shutdown.requested()) {
      try {
        if (!connection || !connection->is_open()) connection = std::make_unique<pqxx::connection>(dsn_);
        storage::record_dead_letters(*connection, records);
        consumer_.commit(batch);
        break;
      } catch (const std::exception& e) {
        connection.reset();
        log::warn("dead letters not recorded yet; retrying", {{"error", e.what()}});
        shutdown.wait_for(std::chrono::seconds(1));
      }
    }
  }
}

}  // namespace orderflow::processor
