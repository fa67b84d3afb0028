#include "order_endpoint.h"

#include "orderflow/common/ids.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"
#include "orderflow/events/order_placed.h"
#include "orderflow/http/server.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {

bool is_json_content_type(const std::string& content_type) {
  if (content_type.empty()) return true;
  std::string media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ') media_type.pop_back();
  for (auto& c : media_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media_type == "application/json") return true;
  return media_type.rfind("application/", 0) == 0 && media_type.size() > 5 &&
         media_type.compare(media_type.size() - 5, 5, "+json") == 0;
}

void OrderEndpoint::handle(const httplib::Request& request, httplib::Response& response) {
  if (!is_json_content_type(request.get_header_value("Content-Type"))) {
    http::reply_error(response, 415, "unsupported_media_type", "send the order as Content-Type: application/json");
    return;
  }
  auto parsed = json::parse_exact(request.body);
  if (auto* error = std::get_if<json::ParseError>(&parsed)) {
    http::reply_error(response, 400, "malformed_json", "the body is not valid JSON",
                      {{{"field", ""}, {"rule", "json"}, {"message", error->message}}});
    return;
  }
  auto order = events::order_from_request(std::get<nlohmann::json>(parsed), default_currency_);
  if (auto* problems = std::get_if<events::Problems>(&order)) {
    http::reply_error(response, 400, "invalid_order", events::describe(*problems), events::to_json(*problems));
    return;
  }
  const auto& placed = std::get<events::OrderPlaced>(order);
  const events::Envelope envelope{new_event_id(), events::kOrderPlaced,
                                  format_rfc3339(std::chrono::system_clock::now()), 1};
  const PublishOutcome outcome = publisher_.publish(placed.order_id, events::to_event_json(envelope, placed),
                                                    {{"eventType", envelope.event_type}, {"eventId", envelope.event_id}});
  if (!outcome.acknowledged) {
    log::error("order not published", {{"eventId", envelope.event_id}, {"orderId", placed.order_id},
                                       {"error", outcome.error}});
    if (outcome.retriable) {
      response.set_header("Retry-After", "1");
      http::reply_error(response, 503, "kafka_unavailable",
                        "the order was not accepted because Kafka is unavailable; retry later");
    } else {
      http::reply_error(response, 500, "publish_failed", "the order was not accepted: " + outcome.error);
    }
    return;
  }
  log::info("order accepted", {{"eventId", envelope.event_id}, {"eventType", envelope.event_type},
                               {"orderId", placed.order_id}});
  http::reply_json(response, 202, {{"status", "accepted"}, {"eventId", envelope.event_id}, {"orderId", placed.order_id}});
}

}  // namespace orderflow::gateway
