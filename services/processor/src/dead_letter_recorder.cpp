#include "dead_letter_recorder.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "orderflow/common/failure.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/common/utf8.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"

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

std::string bounded(const std::string& text, std::size_t max_bytes) { return truncate_utf8(text, max_bytes); }

// What the envelope schema calls an identifier: 1 to 128 of [A-Za-z0-9_.:@-], not starting with
// a punctuation mark. Anything else names no event GET /events/{id} could be asked about.
bool is_identifier(const std::string& id) {
  if (id.empty() || id.size() > 128 || !std::isalnum(static_cast<unsigned char>(id.front()))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
  });
}

}  // namespace

storage::DeadLetterRecord DeadLetterRecorder::to_record(const kafka::Message& message) {
  storage::DeadLetterRecord record;
  record.dlq_partition = message.partition;
  record.dlq_offset = message.offset;
  const auto parsed = json::parse_exact(message.value);
  if (const auto* event = std::get_if<nlohmann::json>(&parsed); event && event->is_object()) {
    if (const auto id = event->find("eventId"); id != event->end() && id->is_string() && is_identifier(*id)) {
      record.event_id = id->get<std::string>();
    }
  }
  record.reason = bounded(header(message, "dlq.reason"), 64);
  record.error = kafka::bounded_error_text(header(message, "dlq.error"));
  record.stage = bounded(header(message, "dlq.stage"), 64);
  record.original_topic = bounded(header(message, "dlq.original.topic"), 255);
  record.original_partition = static_cast<std::int32_t>(number_or_zero(header(message, "dlq.original.partition")));
  record.original_offset = number_or_zero(header(message, "dlq.original.offset"));
  record.payload = message.value;
  if (const auto trace = TraceContext::parse(header(message, "traceparent"))) record.trace_id = trace->trace_id;
  return record;
}

void DeadLetterRecorder::handle(const std::vector<kafka::Message>& batch) {
  std::vector<storage::DeadLetterRecord> records;
  records.reserve(batch.size());
  for (const auto& m : batch) records.push_back(to_record(m));
  try {
    if (!connection_ || !connection_->is_open()) connection_ = std::make_unique<pqxx::connection>(dsn_);
    storage::record_dead_letters(*connection_, records);
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) {
      connection_.reset();
      throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    }
    throw;  // about these records: the stage isolates the one at fault
  }
}

}  // namespace orderflow::processor
