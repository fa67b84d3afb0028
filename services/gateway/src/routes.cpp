#include "routes.h"

#include <map>

#include "orderflow/auth/request_guard.h"
#include "orderflow/common/failure.h"
#include "orderflow/common/ids.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

// The eventType a client named, whatever else is wrong with the event (checked later).
std::string event_type_of(const nlohmann::json& event) {
  if (!event.is_object()) return "";
  const auto it = event.find("eventType");
  return it != event.end() && it->is_string() ? it->get<std::string>() : "";
}

void reply_invalid_request(const http::Responder& responder, const events::Problems& problems) {
  http::Response response;
  http::reply_error(response, 400, "invalid_request", events::describe(problems), events::to_json(problems));
  responder.send(std::move(response));
}

// Problems found in the event a request became, named as the client named the fields.
void use_request_field_names(IntakeResult& result, const events::RequestShape& shape) {
  if (!result.body.contains("problems")) return;
  events::Problems problems;
  for (auto& p : result.body["problems"]) {
    const std::string field = events::request_field_name(shape, p["field"]);
    p["field"] = field;
    problems.push_back({field, p["rule"], p["message"]});
  }
  if (!problems.empty()) result.body["message"] = events::describe(problems);
}

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

GatewayRoutes::GatewayRoutes(EventIntake& intake, RouteOptions options, ReviewLedger* reviews)
    : intake_(intake), options_(std::move(options)), reviews_(reviews) {
  handlers_["/events"] = [this](const auto& req, const auto& responder) { post_events(req, responder); };
  if (reviews_) {
    handlers_["/reviews/{id}/decision"] = [this](const auto& req, const auto& responder) {
      post_review_decision(req, responder);
    };
  }
  // Each type's own endpoint, and the endpoints of seed request shapes that have one of their own.
  for (const auto* type : events::event_types()) {
    if (!type->endpoint) continue;
    auto post = [this, type](const auto& req, const auto& responder) { post_event_of_type(*type, req, responder); };
    handlers_[type->endpoint] = post;
    for (const auto& shape : type->request_shapes) handlers_[shape.endpoint] = post;
  }
}

void GatewayRoutes::add_to(http::Server& server, IdempotentHandler* idempotency, http::Server::Guard guard) {
  // With a guard every request has an authenticated caller, whose event types are then checked.
  check_caller_ = static_cast<bool>(guard);
  // Parsing, checking and handing an event to the producer wait on nothing, so these requests are
  // handled on the I/O threads; not those that consult a store first (an Idempotency-Key, a review).
  const http::Server::Quick quick = [](const http::Request& request) { return !request.has_header("Idempotency-Key"); };
  for (const auto& [path, handler] : handlers_) {
    const bool reads_a_store = path == "/reviews/{id}/decision";
    server.route_async("POST", path, idempotency ? idempotency->wrap(handler) : handler, guard,
                       reads_a_store ? nullptr : quick);
  }
}

bool GatewayRoutes::may_publish(const http::Request& request, const std::string& type, http::Response& response) const {
  if (!check_caller_ || request.caller.may(type)) return true;
  auth::reply_forbidden(response, "publish " + type + " events");
  return false;
}

bool GatewayRoutes::published_by_clients(const std::string& type, http::Response& response) {
  const auto* known = events::find_event_type(type);
  if (!known || !known->published_by) return true;
  http::reply_error(response, 403, "forbidden", type + " events are published by " + known->published_by + " only");
  return false;
}

const http::AsyncHandler& GatewayRoutes::handler(const std::string& path) const {
  return handlers_.at(path);
}

TraceContext GatewayRoutes::trace(const http::Request& request) {
  // The client's trace when it sent a valid traceparent, else a new one.
  if (auto given = TraceContext::parse(request.get_header_value("traceparent"))) return *given;
  return TraceContext::create();
}

events::EventDefaults GatewayRoutes::defaults(const http::Request& request) const {
  const std::string key = request.get_header_value("Idempotency-Key");
  return {key.empty() ? new_event_id() : event_id_for_key(client_scoped_key(request), request.path, 0),
          format_rfc3339(std::chrono::system_clock::now()), options_.default_currency};
}

std::optional<nlohmann::json> GatewayRoutes::read_body(const http::Request& request, http::Response& response) {
  if (!is_json_content_type(request.get_header_value("Content-Type"))) {
    http::reply_error(response, 415, "unsupported_media_type", "send the body as Content-Type: application/json");
    return std::nullopt;
  }
  auto parsed = exact_json::parse_exact(request.body);
  if (auto* error = std::get_if<exact_json::ParseError>(&parsed)) {
    const char* rule = error->kind == exact_json::ParseError::Kind::kTooDeep        ? "maxDepth"
                       : error->kind == exact_json::ParseError::Kind::kDuplicateKey ? "duplicateKey"
                                                                                    : "json";
    http::reply_error(response, 400, "malformed_json", "the body is not valid JSON: " + error->message,
                      {{{"field", ""}, {"rule", rule}, {"message", error->message}}});
    return std::nullopt;
  }
  return std::get<nlohmann::json>(std::move(parsed));
}

void GatewayRoutes::reply(http::Response& response, const IntakeResult& result) {
  if (result.retry_later) response.set_header("Retry-After", "1");
  http::reply_json(response, result.status, result.body);
}

void GatewayRoutes::reply(const http::Responder& responder, const IntakeResult& result) {
  http::Response response;
  reply(response, result);
  responder.send(std::move(response));
}

void GatewayRoutes::post_event_of_type(const events::EventType& type, const http::Request& request,
                                       const http::Responder& responder) {
  http::Response refusal;
  if (!may_publish(request, type.name, refusal)) return responder.send(std::move(refusal));
  const auto body = read_body(request, refusal);
  if (!body) return responder.send(std::move(refusal));
  if (const auto* shape = events::find_request_shape(type, request.path, *body)) {
    return post_request_shape(type, *shape, *body, request, responder);
  }
  if (!body->is_object()) {
    return reply_invalid_request(responder, {{"", "type", "the body must be a JSON object"}});
  }
  // The endpoint names the type: a body claiming another one would publish past the caller's scope.
  if (const auto claimed = body->find("eventType"); claimed != body->end() && *claimed != type.name) {
    return reply_invalid_request(responder,
                                 {{"eventType", "const", std::string("this endpoint takes ") + type.name + " events"}});
  }
  const int version = events::Contract::instance().latest_version(type.name);
  const auto event = events::complete_event(*body, type, version, defaults(request));
  intake_.accept_all(std::span(&event, 1), trace(request),
                     [responder](std::vector<IntakeResult> results) { reply(responder, results.front()); });
}

void GatewayRoutes::post_request_shape(const events::EventType& type, const events::RequestShape& shape,
                                       const nlohmann::json& body, const http::Request& request,
                                       const http::Responder& responder) {
  if (auto problems = events::Contract::instance().check_request(shape.schema, body); !problems.empty()) {
    return reply_invalid_request(responder, problems);
  }
  const auto event = events::request_to_event(type, shape, body, defaults(request));
  intake_.accept_all(std::span(&event, 1), trace(request), [responder, &shape](std::vector<IntakeResult> results) {
    IntakeResult& result = results.front();
    use_request_field_names(result, shape);
    if (result.status == 202) {
      // Seed clients read ids from the answer in their own names (seed 001's payment_id).
      for (const char* alias : shape.answer_aliases) {
        for (const auto& [request_field, event_field] : shape.fields) {
          if (alias == std::string(request_field) && result.body.contains(event_field)) {
            result.body[alias] = result.body[event_field];
          }
        }
      }
    }
    reply(responder, result);
  });
}

void GatewayRoutes::post_events(const http::Request& request, const http::Responder& responder) {
  http::Response refusal;
  const auto body = read_body(request, refusal);
  if (!body) return responder.send(std::move(refusal));
  // Seed 002's events are complete as sent: nothing is filled in, the schema's `required` holds.
  // Without schemaVersion an event is read as version 1, as seed 002's clients send it.
  if (body->is_object()) {
    if (!published_by_clients(event_type_of(*body), refusal) || !may_publish(request, event_type_of(*body), refusal)) {
      return responder.send(std::move(refusal));
    }
    return intake_.accept_all(std::span(&*body, 1), trace(request),
                              [responder](std::vector<IntakeResult> results) { reply(responder, results.front()); });
  }
  if (!body->is_array() || body->empty()) {
    return reply_invalid_request(responder, {{"", "type", "send one event object or a non-empty array of them"}});
  }
  if (body->size() > options_.events_batch_max) {
    return reply_invalid_request(
        responder, {{"", "maxItems", "at most " + std::to_string(options_.events_batch_max) + " events per request"}});
  }
  // A batch is refused whole when it holds a type the caller may not publish: nothing of it is taken.
  for (const auto& event : *body) {
    if (!published_by_clients(event_type_of(event), refusal) || !may_publish(request, event_type_of(event), refusal)) {
      return responder.send(std::move(refusal));
    }
  }
  intake_.accept_all(body->get_ref<const nlohmann::json::array_t&>(), trace(request),
                     [responder](std::vector<IntakeResult> results) {
                       nlohmann::json out = nlohmann::json::array();
                       for (std::size_t i = 0; i < results.size(); ++i) {
                         nlohmann::json entry = std::move(results[i].body);
                         entry["index"] = i;
                         entry["httpStatus"] = results[i].status;
                         out.push_back(std::move(entry));
                       }
                       http::Response response;
                       http::reply_json(response, 207, {{"results", out}});
                       responder.send(std::move(response));
                     });
}

void GatewayRoutes::post_review_decision(const http::Request& request, const http::Responder& responder) {
  http::Response refusal;
  if (!may_publish(request, "ReviewDecided", refusal)) return responder.send(std::move(refusal));
  const auto body = read_body(request, refusal);
  if (!body) return responder.send(std::move(refusal));
  if (auto problems = events::Contract::instance().check_request("api/review_decision_body.v1.json", *body);
      !problems.empty()) {
    return reply_invalid_request(responder, problems);
  }
  const std::string& review_id = request.path_params.at(0);
  try {
    decide_review(review_id, *body, request, responder);
  } catch (const Unavailable& e) {  // only before the decision is published
    log::warn("review decision refused: store unavailable", {{"error", e.what()}});
    refusal.set_header("Retry-After", "1");
    http::reply_error(refusal, 503, "unavailable", "reviews cannot be read now; retry later");
    responder.send(std::move(refusal));
  }
}

void GatewayRoutes::decide_review(const std::string& review_id, const nlohmann::json& body,
                                  const http::Request& request, const http::Responder& responder) {
  http::Response refusal;
  const auto review = reviews_->find(review_id);
  if (!review) {
    http::reply_error(refusal, 404, "review_not_found", "no review with id '" + review_id + "'");
    return responder.send(std::move(refusal));
  }
  if (review->status != "pending") {
    http::reply_error(refusal, 409, "already_decided",
                      "review '" + review_id + "' was already decided: " + review->status);
    return responder.send(std::move(refusal));
  }
  const auto defaults = this->defaults(request);
  if (!reviews_->claim(review_id, defaults.event_id)) {
    http::reply_error(refusal, 409, "already_decided", "a decision on review '" + review_id + "' was already accepted");
    return responder.send(std::move(refusal));
  }
  nlohmann::json event = {
      {"eventId", defaults.event_id}, {"eventType", "ReviewDecided"},
      {"schemaVersion", 1},           {"timestamp", defaults.now},
      {"reviewId", review_id},        {"orderId", review->order_id},
      {"decision", body["decision"]}, {"reviewer", request.caller.authenticated() ? request.caller.name : "anonymous"},
      {"decidedAt", defaults.now}};
  if (body.contains("note")) event["note"] = body["note"];
  intake_.accept_all(
      std::span(&event, 1), trace(request),
      [this, review_id, event_id = defaults.event_id, responder](std::vector<IntakeResult> results) {
        const IntakeResult& result = results.front();
        // Released only when the event was refused for certain (checks, before anything is
        // published: on this handler's thread); after a 503 it may still be delivered, and a
        // retry with the same Idempotency-Key finds its own claim.
        if (result.status >= 400 && result.status < 500) {
          try {
            reviews_->release(review_id, event_id);
          } catch (const std::exception& e) {
            log::warn("review claim not released: the review stays claimed until it expires", {{"error", e.what()}});
          }
        }
        reply(responder, result);
      });
}

}  // namespace orderflow::gateway
