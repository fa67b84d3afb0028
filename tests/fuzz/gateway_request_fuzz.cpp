// Any request body (and Content-Type) -> each of the gateway's write routes, with an in-memory
// publisher: the answer is one of the documented statuses with a JSON body, and only events the
// contract accepts are published.
#include <cstdint>
#include <fuzzer/FuzzedDataProvider.h>

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

#include "fuzz_check.h"
#include "routes.h"

namespace {

using namespace orderflow;

struct Publisher : gateway::EventPublisher {
  std::vector<gateway::OutgoingEvent> published;
  void publish_all(const std::vector<gateway::OutgoingEvent>& events, Done done) override {
    published.insert(published.end(), events.begin(), events.end());
    done(std::vector<gateway::PublishOutcome>(events.size(), gateway::PublishOutcome{true, false, ""}));
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
  if (input.ConsumeBool()) request.set_header("Content-Type", input.ConsumeRandomLengthString(64));
  static const char* const kPaths[] = {"/order", "/events", "/payments", "/users", "/orders", "/inventory/adjustments"};
  request.path = kPaths[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kPaths) - 1)];
  request.body = input.ConsumeRemainingBytesAsString();
  const http::Response response = http::call_and_wait(routes.handler(request.path), request);
  const int status = response.status;
  FUZZ_CHECK(status == 202 || status == 207 || status == 400 || status == 415 || status == 422);
  FUZZ_CHECK(std::holds_alternative<nlohmann::json>(exact_json::parse_exact(response.body)));
  for (const auto& event : publisher.published) {
    const auto parsed = exact_json::parse_exact(event.json);
    FUZZ_CHECK(std::holds_alternative<nlohmann::json>(parsed));
    const auto check = events::Contract::instance().check_event(
        std::get<nlohmann::json>(parsed), std::chrono::system_clock::now(), std::chrono::seconds(300));
    FUZZ_CHECK(check.valid());
  }
  return 0;
}
