#include "routes.h"

#include <map>

#include "orderflow/common/ids.h"
#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

void reply_invalid_request(http::Response& response, const events::Problems& problems) {
  http::reply_error(response, 400, "invalid_request", events::describe(problems), events::to_json(problems));
}

// Problems found in the event a request became, named as the client named the fields.
void use_request_field_names(IntakeResult& result, const std::map<std::string, std::string>& event_to_request) {
  if (!result.body.contains("problems")) return;
  events::Problems problems;
  for (auto& p : result.body["problems"]) {
    std::string field = p["field"];
    if (const auto it = event_to_request.find(field); it != event_to_request.end()) field = it->second;
    p["field"] = field;
    problems.push_back({field, p["rule"], p["message"]});
  }
  if (!problems.empty()) result.body["message"] = events::describe(problems);
}

const std::map<std::string, std::string> kOrderRequestFields = {
    {"orderId", "id"}, {"userId", "user_id"}, {"totalAmount", "total"}, {"placedAt", "timestamp"}};
const std::map<std::string, std::string> kPaymentRequestFields = {
    {"paymentId", "payment_id"}, {"orderId", "order_id"}, {"customerId", "customer_id"},
    {"merchantId", "merchant_id"}, {"paymentMethod", "payment_method"}};

}  // namespace

bool is_json_content_type(const std::string& content_type) {
  if (content_type.empty()) return true;
  std::string media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ') media_type.pop_back();
  for (auto& c : media_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media_type == "application/json") return true;
  return media_type.rfind("application/", 0) == 0 && media_type.size() > 5 &&
         media_type.compare(media_type.size() - 5, 5, "+json") == 0;
}

void GatewayRoutes::add_to(http::Server& server, IdempotentHandler* idempotency) {
  auto post = [&](const std::string& path, http::Server::Handler handler) {
    server.route("POST", path, idempotency ? idempotency->wrap(std::move(handler)) : std::move(handler));
  };
  post("/order", [this](const auto& req, auto& res) { post_order(req, res); });
  post("/events", [this](const auto& req, auto& res) { post_events(req, res); });
  post("/users", [this](const auto& req, auto& res) { post_event_of_type("UserCreated", req, res); });
  post("/orders", [this](const auto& req, auto& res) { post_event_of_type("OrderPlaced", req, res); });
  post("/payments", [this](const auto& req, auto& res) { post_payment(req, res); });
  post("/inventory/adjustments", [this](const auto& req, auto& res) { post_event_of_type("InventoryAdjusted", req, res); });
}

TraceContext GatewayRoutes::trace(const http::Request& request) {
  // The client's trace when it sent a valid traceparent, else a new one.
  if (auto given = TraceContext::parse(request.get_header_value("traceparent"))) return *given;
  return TraceContext::create();
}

events::EventDefaults GatewayRoutes::defaults(const http::Request& request, std::size_t index) {
  const std::string key = request.get_header_value("Idempotency-Key");
  return {key.empty() ? new_event_id() : event_id_for_key(key, request.path, index),
          format_rfc3339(std::chrono::system_clock::now())};
}

std::optional<nlohmann::json> GatewayRoutes::read_body(const http::Request& request, http::Response& response) {
  if (!is_json_content_type(request.get_header_value("Content-Type"))) {
    http::reply_error(response, 415, "unsupported_media_type", "send the body as Content-Type: application/json");
    return std::nullopt;
  }
  auto parsed = json::parse_exact(request.body);
  if (auto* error = std::get_if<json::ParseError>(&parsed)) {
    const char* rule = error->kind == json::ParseError::Kind::kTooDeep       ? "maxDepth"
                       : error->kind == json::ParseError::Kind::kDuplicateKey ? "duplicateKey"
                                                                             : "json";
    http::reply_error(response, 400, "malformed_json", "the body is not valid JSON: " + error->message,
                      {{{"field", ""}, {"rule", rule}, {"message", error->message}}});
    return std::nullopt;
  }
  return std::get<nlohmann::json>(std::move(parsed));
}

void GatewayRoutes::reply(http::Response& response, const IntakeResult& result) {
  if (result.retry_later) response.set_header("Retry-After", "1");
  http::reply_exact_json(response, result.status, result.body);
}

void GatewayRoutes::post_order(const http::Request& request, http::Response& response) {
  const auto body = read_body(request, response);
  if (!body) return;
  if (auto problems = events::Contract::instance().check_request("api/order_request.v1.json", *body); !problems.empty()) {
    return reply_invalid_request(response, problems);
  }
  IntakeResult result = intake_.accept(
      events::order_request_to_event(*body, options_.default_currency, defaults(request)), trace(request));
  use_request_field_names(result, kOrderRequestFields);
  reply(response, result);
}

void GatewayRoutes::post_payment(const http::Request& request, http::Response& response) {
  const auto body = read_body(request, response);
  if (!body) return;
  if (!events::is_seed001_payment(*body)) return post_event_of_type("PaymentSettled", request, response);

  if (auto problems = events::Contract::instance().check_request("api/payment_request.v1.json", *body); !problems.empty()) {
    return reply_invalid_request(response, problems);
  }
  IntakeResult result = intake_.accept(events::payment_request_to_event(*body, defaults(request)), trace(request));
  use_request_field_names(result, kPaymentRequestFields);
  if (result.status == 202) {
    // Seed 001's clients read payment_id and status from the answer.
    result.body["payment_id"] = result.body["paymentId"];
  }
  reply(response, result);
}

void GatewayRoutes::post_event_of_type(const std::string& event_type, const http::Request& request,
                                       http::Response& response) {
  const auto body = read_body(request, response);
  if (!body) return;
  if (!body->is_object()) {
    return reply_invalid_request(response, {{"", "type", "the body must be a JSON object"}});
  }
  const int version = events::Contract::instance().latest_version(event_type);
  reply(response, intake_.accept(events::complete_event(*body, event_type, version, defaults(request)), trace(request)));
}

void GatewayRoutes::post_events(const http::Request& request, http::Response& response) {
  const auto body = read_body(request, response);
  if (!body) return;
  // Seed 002's clients send events without schemaVersion: they speak version 1.
  auto complete = [&request](const nlohmann::json& item, std::size_t index) {
    if (!item.is_object() || !item.contains("eventType") || !item["eventType"].is_string()) return item;
    return events::complete_event(item, item["eventType"], 1, defaults(request, index));
  };
  if (body->is_object()) return reply(response, intake_.accept(complete(*body, 0), trace(request)));
  if (!body->is_array() || body->empty()) {
    return reply_invalid_request(response, {{"", "type", "send one event object or a non-empty array of them"}});
  }
  if (body->size() > options_.events_batch_max) {
    return reply_invalid_request(
        response, {{"", "maxItems", "at most " + std::to_string(options_.events_batch_max) + " events per request"}});
  }
  std::vector<nlohmann::json> items;
  for (const auto& item : *body) items.push_back(complete(item, items.size()));
  const auto results = intake_.accept_all(items, trace(request));
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    nlohmann::json entry = results[i].body;
    entry["index"] = i;
    entry["httpStatus"] = results[i].status;
    out.push_back(entry);
  }
  http::reply_exact_json(response, 207, {{"results", out}});
}

}  // namespace orderflow::gateway
