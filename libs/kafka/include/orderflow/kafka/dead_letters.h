#pragma once

#include <string>
#include <vector>

#include "orderflow/kafka/message.h"
#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// A message that can never be applied, and why. `reason` is a stable code people and tools filter
// on ("not_json", "schema_violation", ...); `error` is the detail for people.
struct DeadLetter {
  Message original;
  std::string stage;  // "validator", "processor"
  std::string reason;
  std::string error;
  int attempts = 1;
};

// A dead letter must itself always fit on its topic, whatever the message that caused it:
// the error text is cut to kMaxErrorBytes, and an original whose key, value and headers together
// exceed kMaxCopiedBytes is not copied — the letter then carries an empty value, the header
// dlq.original.omitted = "<bytes>", and the original's topic/partition/offset, where it still is.
inline constexpr std::size_t kMaxErrorBytes = 1024;
inline constexpr std::size_t kMaxCopiedBytes = 512 * 1024;

// `text` cut to kMaxErrorBytes at a character boundary, as valid UTF-8, marked when cut.
std::string bounded_error_text(std::string_view text);

// The record a dead letter is written as.
struct EncodedDeadLetter {
  std::string key;
  std::string value;
  Headers headers;
};
EncodedDeadLetter encode_dead_letter(const DeadLetter& letter);

// Where dead letters go. send_all() returns only once every letter is durable, so the caller may
// then commit the originals' offsets; it throws KafkaError when any could not be written.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual void send_all(const std::vector<DeadLetter>& letters) = 0;
};

// The dead letter topic: the original key, value and headers, plus dlq.* headers saying where the
// message came from and why it is here.
class KafkaDeadLetters : public DeadLetterSink {
 public:
  KafkaDeadLetters(Producer& producer, std::string topic) : producer_(producer), topic_(std::move(topic)) {}
  void send_all(const std::vector<DeadLetter>& letters) override;

 private:
  Producer& producer_;
  std::string topic_;
};

}  // namespace orderflow::kafka
