#include "accepted_events.h"

#include "orderflow/common/logger.h"

namespace orderflow::gateway {

void AcceptedEvents::mark(const std::vector<std::string>& event_ids) {
  if (event_ids.empty()) return;
  std::vector<std::vector<std::string>> commands;
  for (const auto& id : event_ids) commands.push_back({"SET", key(id), "1", "EX", std::to_string(retention_.count())});
  try {
    std::lock_guard lock(mutex_);
    client_.pipeline(commands);
  } catch (const std::exception& e) {
    log::warn("accepted events not noted in Redis", {{"count", event_ids.size()}, {"error", e.what()}});
  }
}

}  // namespace orderflow::gateway
