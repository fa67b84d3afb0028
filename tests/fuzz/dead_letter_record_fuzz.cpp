// Any dead letter on its topic (value and dlq.* headers written by anyone) -> the row the recorder
// writes: every field within what its column and index take.
#include <cstdint>
#include <fuzzer/FuzzedDataProvider.h>

#include "orderflow/common/utf8.h"

#include "dead_letter_recorder.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow;
  FuzzedDataProvider input(data, size);
  kafka::Message message;
  for (const char* name : {"dlq.reason", "dlq.error", "dlq.stage", "dlq.original.topic", "dlq.original.partition",
                           "dlq.original.offset", "traceparent"}) {
    if (input.ConsumeBool()) message.headers.emplace_back(name, input.ConsumeRandomLengthString(4096));
  }
  message.value = input.ConsumeRemainingBytesAsString();
  const auto record = processor::DeadLetterRecorder::to_record(message);
  if (record.event_id) FUZZ_CHECK(record.event_id->size() <= 128);
  FUZZ_CHECK(record.error.size() <= dead_letters::kMaxErrorBytes);
  FUZZ_CHECK(record.reason.size() <= 64 && record.stage.size() <= 64 && record.original_topic.size() <= 255);
  for (const auto* text : {&record.reason, &record.error, &record.stage, &record.original_topic}) {
    FUZZ_CHECK(to_valid_utf8(*text) == *text);
  }
  return 0;
}
