#pragma once


#include <optional>
#include <string>

#include "event_intake.h"
#include "idempotency.h"
#include "orderflow/events/requests.h"
#include "orderflow/http/server.h"

namespace orderflow::gateway {

struct RouteOptions {
  std::string default_currency = "USD";
  std::size_t events_batch_max = 100;  // items in one POST /events array
};

// The gateway's HTTP API. Every route turns its body into complete events and hands them to
// EventIntake; the routes differ only in how a body becomes an event.
//   POST /order                  seed 004's order -> OrderPlaced
//   POST /events                 seed 002's events, one or an array (207 with a status per item)
//   POST /users                  -> UserCreated
//   POST /orders                 -> OrderPlaced
//   POST /payments               -> PaymentSettled (also seed 001's payment body)
//   POST /inventory/adjustments  -> InventoryAdjusted
class GatewayRoutes {
 public:
  GatewayRoutes(EventIntake& intake, RouteOptions options) : intake_(intake), options_(std::move(options)) {}

  // Every route goes through `idempotency` when given.
  void add_to(http::Server& server, IdempotentHandler* idempotency = nullptr);

  void post_order(const http::Request& request, http::Response& response);
  void post_events(const http::Request& request, http::Response& response);
  void post_event_of_type(const std::string& event_type, const http::Request& request, http::Response& response);
  void post_payment(const http::Request& request, http::Response& response);

 private:
  // The body as exact JSON, or empty after answering 415 or 400.
  std::optional<nlohmann::json> read_body(const http::Request& request, http::Response& response);
  static void reply(http::Response& response, const IntakeResult& result);
  // A new event id, or with an Idempotency-Key the one derived from it for the index-th event.
  static events::EventDefaults defaults(const http::Request& request, std::size_t index = 0);
  static TraceContext trace(const http::Request& request);

  EventIntake& intake_;
  RouteOptions options_;
};

// True for application/json, application/*+json, or no Content-Type at all.
bool is_json_content_type(const std::string& content_type);

}  // namespace orderflow::gateway
