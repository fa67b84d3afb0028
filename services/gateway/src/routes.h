#pragma once

#include <map>
#include <optional>
#include <string>

#include "orderflow/events/requests.h"
#include "orderflow/http/server.h"

#include "event_intake.h"
#include "idempotency.h"
#include "review_ledger.h"

namespace orderflow::gateway {

struct RouteOptions {
  std::string default_currency = "USD";
  std::size_t events_batch_max = 100;  // items in one POST /events array
};

// The gateway's HTTP API. Every route turns its body into complete events and hands them to
// EventIntake; the routes differ only in how a body becomes an event.
//   POST /events   seed 002's events, one or an array (207 with a status per item), taken as sent
//   each event type's own endpoint (EventType::endpoint: /users, /orders, /payments,
//   /inventory/adjustments), which fills in ids and times the client left out
//   each seed request shape's endpoint (RequestShape: seed 004's POST /order, seed 001's payment
//   body on POST /payments), mapped field by field into its event
//   POST /reviews/{id}/decision   a reviewer's decision on a pending risk review: ReviewDecided
class GatewayRoutes {
 public:
  // Without `reviews` there is no POST /reviews/{id}/decision.
  GatewayRoutes(EventIntake& intake, RouteOptions options, ReviewLedger* reviews = nullptr);

  // Every route goes through `idempotency` when given. With a `guard` (API keys) every route needs
  // an authenticated caller, and a caller may publish only its key's event types (403).
  void add_to(http::Server& server, IdempotentHandler* idempotency = nullptr, http::Server::Guard guard = nullptr);
  // The handler of POST `path`; std::out_of_range for a path the gateway does not serve. Handlers
  // answer once Kafka has (from librdkafka's thread), so none holds a thread while it waits.
  const http::AsyncHandler& handler(const std::string& path) const;

 private:
  void post_events(const http::Request& request, const http::Responder& responder);
  void post_review_decision(const http::Request& request, const http::Responder& responder);
  void decide_review(const std::string& review_id, const nlohmann::json& body, const http::Request& request,
                     const http::Responder& responder);
  void post_event_of_type(const events::EventType& type, const http::Request& request,
                          const http::Responder& responder);
  void post_request_shape(const events::EventType& type, const events::RequestShape& shape, const nlohmann::json& body,
                          const http::Request& request, const http::Responder& responder);
  // The body as exact JSON, or empty after answering 415 or 400.
  std::optional<nlohmann::json> read_body(const http::Request& request, http::Response& response);
  static void reply(http::Response& response, const IntakeResult& result);
  static void reply(const http::Responder& responder, const IntakeResult& result);
  // A new event id, or with an Idempotency-Key the one derived from it.
  events::EventDefaults defaults(const http::Request& request) const;
  static TraceContext trace(const http::Request& request);
  // False after answering 403 when the caller may not publish `type`.
  bool may_publish(const http::Request& request, const std::string& type, http::Response& response) const;

  // False after answering 403 when `type` is published by orderflow's own stages only.
  static bool published_by_clients(const std::string& type, http::Response& response);

  EventIntake& intake_;
  RouteOptions options_;
  ReviewLedger* reviews_;
  std::map<std::string, http::AsyncHandler> handlers_;  // POST path -> handler
  bool check_caller_ = false;
};

// True for application/json, application/*+json, or no Content-Type at all.
bool is_json_content_type(const std::string& content_type);

}  // namespace orderflow::gateway
