// Any bytes on the validated topic -> the processor's batch handling, over in-memory fakes of the
// store, the dedup cache and the dead letter sink: each message is applied, recognised as a
// repeat, or dead-lettered with a reason — never lost, never an exception. And the processor's
// fast reading of an event's identity (simdjson) answers every input exactly as the reference
// path (parse_exact, read_identity) does.
#include <cstdint>
#include <set>

#include "orderflow/events/identify.h"

#include "batch_processor.h"
#include "fuzz_check.h"

namespace {

using namespace orderflow;

struct Store : storage::EventStore {
  std::set<std::string> applied;
  storage::ApplyResult apply(const std::vector<storage::IncomingEvent>& events) override {
    storage::ApplyResult result;
    for (const auto& e : events)
      (applied.insert(e.event_id).second ? result.applied : result.duplicates).push_back(e.event_id);
    return result;
  }
};

struct Cache : processor::DedupCache {
  std::vector<std::optional<std::string>> lookup(const std::vector<std::string>& ids) override {
    return std::vector<std::optional<std::string>>(ids.size());
  }
  void remember(const Fingerprints&) override {}
};

struct Sink : dead_letters::DeadLetterSink {
  std::vector<dead_letters::DeadLetter> sent;
  void send_all(const std::vector<dead_letters::DeadLetter>& letters) override {
    sent.insert(sent.end(), letters.begin(), letters.end());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static metrics::Registry registry;
  static processor::ProcessorMetrics metrics(registry);
  Store store;
  Cache cache;
  Sink sink;
  processor::BatchProcessor processor(store, cache, sink, metrics);
  kafka::Message message;
  message.topic = "orderflow.events.validated";
  message.value.assign(reinterpret_cast<const char*>(data), size);
  FUZZ_CHECK(events::describe(events::identify(message.value)) ==
             events::describe(events::identify_exactly(message.value)));
  const auto outcome = processor.process({message});
  FUZZ_CHECK(outcome.applied + outcome.skipped_by_database + outcome.dead_lettered == 1);
  for (const auto& letter : sink.sent) FUZZ_CHECK(!letter.reason.empty());
  return 0;
}
