#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <variant>
#include <vector>

namespace orderflow::storage {

struct DeadLetterRecord {
  std::int32_t dlq_partition = 0;
  std::int64_t dlq_offset = 0;
  std::optional<std::string> event_id;  // absent when the payload was not an event at all
  std::string reason;
  std::string error;
  std::string stage;
  std::string original_topic;
  std::int32_t original_partition = 0;
  std::int64_t original_offset = 0;
  std::string payload;
  std::optional<std::string> trace_id;
};

// Records dead letters in one transaction; ones recorded before are skipped.
void record_dead_letters(pqxx::connection& connection, const std::vector<DeadLetterRecord>& records);

// What the database knows of an event: persisted (in the inbox) or dead-lettered (the latest
// letter); empty when it knows nothing of it (yet). Persisted wins: a redriven event that was
// applied later is persisted.
struct PersistedEvent {
  std::string event_type;
  std::string processed_at;
};
struct DeadLetteredEvent {
  std::string reason;
  std::string error;
  std::string stage;
  std::string dead_lettered_at;
};
using EventStatusRow = std::variant<PersistedEvent, DeadLetteredEvent>;
std::optional<EventStatusRow> find_event_status(pqxx::connection& connection, const std::string& event_id);

}  // namespace orderflow::storage
