#pragma once

#include <chrono>
#include <string>

// Redis keys more than one service uses, named once.
namespace orderflow::redis::keys {

// "Kafka acknowledged this event": written by the gateway, read by the read-api's
// GET /events/{id} until the processor has stored the event.
inline std::string accepted_event(const std::string& event_id) {
  return "orderflow:accepted:" + event_id;
}
// How long such a note is kept: longer than any event waits between gateway and database.
inline constexpr std::chrono::seconds kAcceptedEventRetention = std::chrono::hours(24 * 7);

}  // namespace orderflow::redis::keys
