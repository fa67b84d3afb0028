// Any request body (and Content-Type) -> each of the gateway's write routes, with an in-memory
// publisher: the answer is one of the documented statuses with a JSON body, and only events the
// contract accepts are published.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "fuzz_check.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"
#include "routes.h"

namespace {

using namespace orderflow;

struct Publisher : gateway::EventPublisher {
  std::vector<gateway::OutgoingEvent> published;
  std::vector<gateway::PublishOutcome> publish_all(const std::vector<gateway::OutgoingEvent>& events) override {
    published.insert(published.end(), events.begin(), events.end());
    return std::vector<gateway::PublishOutcome>(events.size(), gateway::PublishOutcome{true, false, ""});
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  Publisher publisher;
  gateway::EventIntake intake(publisher, std::chrono::seconds(300));
  gateway::GatewayRoutes routes(intake, {"USD", 3});
  http::Request request;
  request.method = "POST";
  request.path = "/x";
  if (input.ConsumeBool()) request.set_header("Content-Type", input.ConsumeRandomLengthString(64));
  const int route = input.ConsumeIntegralInRange(0, 5);
  request.body = input.ConsumeRemainingBytesAsString();
  http::Response response;
  switch (route) {
    case 0: routes.post_order(request, response); break;
    case 1: routes.post_events(request, response); break;
    case 2: routes.post_payment(request, response); break;
    case 3: routes.post_event_of_type("UserCreated", request, response); break;
    case 4: routes.post_event_of_type("OrderPlaced", request, response); break;
    default: routes.post_event_of_type("InventoryAdjusted", request, response); break;
  }
  const int status = response.status;
  FUZZ_CHECK(status == 202 || status == 207 || status == 400 || status == 415 || status == 422);
  FUZZ_CHECK(std::holds_alternative<nlohmann::json>(json::parse_exact(response.body)));
  for (const auto& event : publisher.published) {
    const auto parsed = json::parse_exact(event.json);
    FUZZ_CHECK(std::holds_alternative<nlohmann::json>(parsed));
    const auto check = events::Contract::instance().check_event(std::get<nlohmann::json>(parsed),
                                                                std::chrono::system_clock::now(),
                                                                std::chrono::seconds(300));
    FUZZ_CHECK(check.valid());
  }
  return 0;
}
