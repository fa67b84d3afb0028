#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orderflow::storage {

// An event ready to be applied: its identity, its exact JSON text and where it was read from.
struct IncomingEvent {
  std::string event_id;
  std::string event_type;
  std::string payload;  // the event document, valid JSON
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string trace_id;  // from the traceparent header; empty when there was none
};

struct ApplyResult {
  std::vector<std::string> applied;         // effects written by this call
  std::vector<std::string> duplicates;      // the same event was applied before; nothing written
  std::vector<std::string> conflicts;       // the id was applied before with another payload; nothing written
  std::vector<std::string> without_effect;  // a type with no storage effect (libs/events/types/); nothing written
};

// Applies a batch of events atomically: either every new event's effects and its inbox row are
// committed together, or nothing is. Event ids already in the inbox are skipped, which is what
// makes redelivery harmless. An id already there with a different payload (its `timestamp` aside)
// is a conflict: nothing is written for it. An event of a type storage has no effect for is
// neither recorded nor applied (`without_effect`): its caller dead-letters it. Throws orderflow::Unavailable while the
// database is unreachable, MessageRefused ("apply_failed") when it refuses the data (orderflow/common/failure.h).
class EventStore {
 public:
  virtual ~EventStore() = default;
  // Event ids within `events` are distinct.
  virtual ApplyResult apply(const std::vector<IncomingEvent>& events) = 0;
};

}  // namespace orderflow::storage
