#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orderflow/kafka/message.h"

// Dead letters, in one place: what one is, the dlq.* headers it is written with, how it is encoded
// onto the dead letter topic and read back (by the recorder and orderflow-dlq), how a redrive is
// counted, and the entry format of its copy on the Redis list dlq:events. Its `reason` is one of the
// stable codes of orderflow/events/reason.h.
namespace orderflow::dead_letters {

// The headers a dead letter carries beside the original's own.
namespace header {
inline constexpr const char* kOriginalTopic = "dlq.original.topic";
inline constexpr const char* kOriginalPartition = "dlq.original.partition";
inline constexpr const char* kOriginalOffset = "dlq.original.offset";
inline constexpr const char* kOriginalOmitted = "dlq.original.omitted";  // the original's size, when not copied
inline constexpr const char* kStage = "dlq.stage";
inline constexpr const char* kReason = "dlq.reason";
inline constexpr const char* kError = "dlq.error";
inline constexpr const char* kAttempts = "dlq.attempts";  // 1, plus one per redrive of the original
inline constexpr const char* kTimestamp = "dlq.timestamp";
// On a redriven message: the dead letter it came from, and how often it has been redriven.
inline constexpr const char* kRedrivenFrom = "dlq.redriven.from";
inline constexpr const char* kRedrives = "dlq.redrives";
inline constexpr const char* kPrefix = "dlq.";
}  // namespace header

// A message that can never be applied, and why. `reason` is a stable code people and tools filter
// on ("not_json", "schema_violation", ...); `error` is the detail for people.
struct DeadLetter {
  kafka::Message original;
  std::string stage;  // "validator", "processor", ...
  std::string reason;
  std::string error;
};

// A dead letter must itself always fit on its topic, whatever the message that caused it:
// the error text is cut to kMaxErrorBytes, and an original whose key, value and headers together
// exceed kMaxCopiedBytes is not copied — the letter then carries an empty value, the header
// dlq.original.omitted = "<bytes>", and the original's topic/partition/offset, where it still is.
inline constexpr std::size_t kMaxErrorBytes = 1024;
inline constexpr std::size_t kMaxCopiedBytes = 512 * 1024;

// `text` cut to kMaxErrorBytes at a character boundary, as valid UTF-8, marked when cut.
std::string bounded_error_text(std::string_view text);

// How often this message has been dead-lettered, counting this time: 1 plus its redrives.
int attempts(const kafka::Message& original);

// The event id of a payload, when it is a JSON object whose eventId is an identifier as the
// envelope schema defines it (1 to 128 of [A-Za-z0-9_.:@-], starting with a letter or digit).
std::optional<std::string> event_id_of(std::string_view payload);

// The record a dead letter is written as.
struct EncodedDeadLetter {
  std::string key;
  std::string value;
  kafka::Headers headers;
};
EncodedDeadLetter encode(const DeadLetter& letter);

// A message of the dead letter topic, read back through its headers. Header bytes anyone may have
// written are made valid UTF-8 and bounded; numbers that do not parse read as 0.
struct ReadDeadLetter {
  kafka::Message message;
  std::string reason;
  std::string error;
  std::string stage;
  std::string original_topic;
  std::int32_t original_partition = 0;
  std::int64_t original_offset = 0;
  int attempts = 1;
  std::optional<std::string> event_id;
  std::optional<std::string> trace_id;

  std::string position() const;  // "partition:offset" on the dead letter topic
};
ReadDeadLetter read(const kafka::Message& message);

// The headers to put the original back on its topic with: its own, without the dlq.* ones, plus
// dlq.redriven.from naming the dead letter and dlq.redrives counting the redrives so far.
kafka::Headers redrive_headers(const ReadDeadLetter& letter);

// The copy on the Redis list kRedisList, in seed 002's entry format {"eventId","originalData",
// "error","timestamp","retryCount"} plus reason, stage, topic, partition and offset. retryCount is
// attempts - 1: how often it was redriven. An original over kMaxCopiedBytes is left out
// (originalData null, originalOmitted its size). The list keeps the newest kRedisListMax entries.
inline constexpr const char* kRedisList = "dlq:events";
inline constexpr long kRedisListMax = 10'000;
std::string redis_entry(const DeadLetter& letter);

}  // namespace orderflow::dead_letters
