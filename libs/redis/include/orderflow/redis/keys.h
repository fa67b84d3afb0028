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

// "A decision on this review was accepted": the gateway's claim, so a second POST
// /reviews/{id}/decision is refused (409) before the first reaches PostgreSQL. Holds the event id.
inline std::string review_decision(const std::string& review_id) {
  return "orderflow:review-decision:" + review_id;
}
inline constexpr std::chrono::seconds kReviewDecisionRetention = std::chrono::hours(24 * 7);

}  // namespace orderflow::redis::keys
