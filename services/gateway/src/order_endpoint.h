#pragma once

#include <httplib.h>

#include <string>

#include "event_publisher.h"

namespace orderflow::gateway {

// POST /order: seed 004's body, {"id","user_id","total","status","timestamp"}, becomes an
// OrderPlaced event keyed by the order id. 202 means Kafka acknowledged the event; every other
// answer means nothing was published.
class OrderEndpoint {
 public:
  OrderEndpoint(EventPublisher& publisher, std::string default_currency)
      : publisher_(publisher), default_currency_(std::move(default_currency)) {}

  void handle(const httplib::Request& request, httplib::Response& response);

 private:
  EventPublisher& publisher_;
  std::string default_currency_;
};

// 415 unless the Content-Type is JSON (application/json or application/*+json) or absent.
bool is_json_content_type(const std::string& content_type);

}  // namespace orderflow::gateway
