#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "orderflow/dead_letters/sink.h"
#include "orderflow/events/envelope.h"
#include "orderflow/kafka/message.h"

namespace orderflow::validator {

struct Verdict {
  bool valid = false;
  events::EventIdentity identity;  // when valid
  std::string reason;              // when not: one of the codes above
  std::string error;
};

// Any bytes at all may arrive on the raw topic; this never throws. The reasons are the contract's
// stable codes (events::reason), plus not_json.
Verdict check_event(std::string_view bytes, std::chrono::system_clock::time_point now,
                    std::chrono::seconds max_future_skew);

// A consumed batch split into what goes on to the validated topic and what is dead-lettered.
struct Routing {
  std::vector<kafka::Message> forward;
  std::vector<dead_letters::DeadLetter> dead_letters;
};

Routing route_batch(const std::vector<kafka::Message>& batch, std::chrono::seconds max_future_skew);

}  // namespace orderflow::validator
