#include "dead_letter_view.h"

#include <nlohmann/json.hpp>

namespace orderflow::dlq_tool {
namespace {

std::string header(const kafka::Message& message, const std::string& name) {
  return kafka::header_value(message.headers, name);
}

}  // namespace

DeadLetterView DeadLetterView::of(const kafka::Message& message) {
  DeadLetterView view{message,
                      header(message, "dlq.reason"),
                      header(message, "dlq.error"),
                      header(message, "dlq.stage"),
                      header(message, "dlq.original.topic"),
                      header(message, "dlq.original.partition") + ":" + header(message, "dlq.original.offset"),
                      std::nullopt};
  const auto parsed = nlohmann::json::parse(message.value, nullptr, false);
  if (parsed.is_object() && parsed.contains("eventId") && parsed["eventId"].is_string()) {
    view.event_id = parsed["eventId"].get<std::string>();
  }
  return view;
}

std::string DeadLetterView::position() const {
  return std::to_string(message.partition) + ":" + std::to_string(message.offset);
}

bool Filter::matches(const DeadLetterView& letter) const {
  if (reason && letter.reason != *reason) return false;
  if (event_id && letter.event_id != *event_id) return false;
  return true;
}

std::map<std::string, std::size_t> count_by_reason(const std::vector<DeadLetterView>& letters) {
  std::map<std::string, std::size_t> counts;
  for (const auto& l : letters) ++counts[l.reason];
  return counts;
}

kafka::Headers redrive_headers(const DeadLetterView& letter) {
  kafka::Headers headers;
  for (const auto& [k, v] : letter.message.headers) {
    if (k.rfind("dlq.", 0) != 0) headers.emplace_back(k, v);
  }
  headers.emplace_back("dlq.redriven.from", letter.position());
  return headers;
}

}  // namespace orderflow::dlq_tool
