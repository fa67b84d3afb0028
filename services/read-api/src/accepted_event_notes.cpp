#include "accepted_event_notes.h"

#include "orderflow/common/logger.h"
#include "orderflow/redis/keys.h"

namespace orderflow::read_api {

bool AcceptedEventNotes::knows(const std::string& event_id) {
  try {
    std::lock_guard lock(mutex_);
    return client_.command({"EXISTS", redis::keys::accepted_event(event_id)}).integer == 1;
  } catch (const std::exception& e) {
    log::warn("Redis unavailable; cannot tell whether an event was accepted", {{"error", e.what()}});
    return false;
  }
}

}  // namespace orderflow::read_api
