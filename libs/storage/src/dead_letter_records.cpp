#include "orderflow/storage/dead_letter_records.h"

namespace orderflow::storage {
namespace {

constexpr const char* kInsertDeadLetter = R"(
  INSERT INTO dead_letters (dlq_partition, dlq_offset, event_id, reason, error, stage, original_topic,
                            original_partition, original_offset, payload, trace_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, 'base64'), $11)
  ON CONFLICT DO NOTHING)";

constexpr const char* kSelectPersisted = R"(
  SELECT event_type, orderflow_rfc3339(processed_at) FROM processed_events WHERE event_id = $1)";

constexpr const char* kSelectLatestDeadLetter = R"(
  SELECT reason, error, stage, orderflow_rfc3339(dead_lettered_at) FROM dead_letters
  WHERE event_id = $1 ORDER BY dead_lettered_at DESC LIMIT 1)";

std::string base64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace

void record_dead_letters(pqxx::connection& connection, const std::vector<DeadLetterRecord>& records) {
  pqxx::work txn(connection);
  for (const auto& r : records) {
    // Payloads may be any bytes; base64 carries them through a text parameter intact.
    txn.exec_params(kInsertDeadLetter, r.dlq_partition, r.dlq_offset, r.event_id, r.reason, r.error, r.stage,
                    r.original_topic, r.original_partition, r.original_offset, base64(r.payload), r.trace_id);
  }
  txn.commit();
}

std::optional<EventStatusRow> find_event_status(pqxx::connection& connection, const std::string& event_id) {
  pqxx::read_transaction txn(connection);
  if (const auto rows = txn.exec_params(kSelectPersisted, event_id); !rows.empty()) {
    return PersistedEvent{rows[0][0].c_str(), rows[0][1].c_str()};
  }
  if (const auto rows = txn.exec_params(kSelectLatestDeadLetter, event_id); !rows.empty()) {
    return DeadLetteredEvent{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].c_str()};
  }
  return std::nullopt;
}

}  // namespace orderflow::storage
