// Any bytes on the raw topic -> the validator's routing: each message is either forwarded
// unchanged or dead-lettered with a reason, and the dead letter always fits on its topic.
#include <cstdint>
#include <string>

#include "orderflow/dead_letters/sink.h"

#include "event_check.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow;
  kafka::Message message;
  message.topic = "orderflow.events.raw";
  message.value.assign(reinterpret_cast<const char*>(data), size);
  const auto routing = validator::route_batch({message}, std::chrono::seconds(300));
  FUZZ_CHECK(routing.forward.size() + routing.dead_letters.size() == 1);
  if (!routing.forward.empty()) FUZZ_CHECK(routing.forward[0].value == message.value);
  for (const auto& letter : routing.dead_letters) {
    FUZZ_CHECK(!letter.reason.empty());
    const auto encoded = dead_letters::encode(letter);
    FUZZ_CHECK(kafka::header_value(encoded.headers, "dlq.error").size() <= dead_letters::kMaxErrorBytes);
  }
  return 0;
}
