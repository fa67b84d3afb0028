// Any bytes on the validated topic, labelled OrderPlaced or PaymentSettled -> the risk stage: it
// either refuses the message (an exception, which the stage isolates and dead-letters), lets a
// payment without an order pass by, or publishes one assessment and one enriched event; and for a message that is a
// valid event, the assessment it publishes is itself a valid RiskAssessed (the validator would otherwise dead-letter
// it).
#include <cstdint>
#include <string>

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

#include "fuzz_check.h"
#include "risk_handler.h"

namespace {

using namespace orderflow;

struct NothingKnown : risk::RiskFacts {
  std::map<std::string, risk::UserFacts> users(const std::vector<std::string>&) override { return {}; }
  std::map<std::string, risk::ProductFacts> products(const std::vector<std::string>&) override { return {}; }
  std::map<std::string, risk::OrderFacts> orders(const std::vector<std::string>&) override { return {}; }
  std::vector<risk::UserHistory> histories(const std::vector<risk::HistoryQuery>& q) override {
    return std::vector<risk::UserHistory>(q.size());
  }
  std::map<std::string, std::string> stored_assessments(const std::vector<std::string>&) override { return {}; }
};

struct Collect : kafka::MessageWriter {
  std::vector<kafka::Message> written;
  void write_all(const std::string&, const std::vector<kafka::Message>& messages) override {
    written.insert(written.end(), messages.begin(), messages.end());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static NothingKnown facts;
  static const auto model = risk::RiskModel::built_in(risk::kBuiltInModel);
  metrics::Registry registry;  // a handler registers its metrics: one registry per handler
  Collect writer;
  risk::RiskHandler handler(facts, model, writer, {"raw", "enriched"}, registry);
  kafka::Message message;
  message.topic = "orderflow.events.validated";
  message.value.assign(reinterpret_cast<const char*>(data), size);
  // The type comes from the event itself when it names one, as the gateway's header would.
  const auto parsed = exact_json::parse_exact(message.value);
  const auto* event = std::get_if<nlohmann::json>(&parsed);
  const bool payment = event && event->is_object() && event->contains("eventType") &&
                       (*event)["eventType"] == nlohmann::json("PaymentSettled");
  message.headers = {{"eventType", payment ? "PaymentSettled" : "OrderPlaced"}};
  try {
    handler.handle({message});
  } catch (const std::exception&) {
    FUZZ_CHECK(writer.written.empty());
    return 0;
  }
  // A payment that names no order passes by unassessed; anything else assessed gives two messages.
  const bool passes_by = payment && !event->contains("orderId");
  FUZZ_CHECK(writer.written.size() == (passes_by ? 0u : 2u));
  const auto now = std::chrono::system_clock::now();
  const bool valid_input =
      event && events::Contract::instance().check_event(*event, now, std::chrono::hours(1)).valid();
  for (const auto& out : writer.written) {
    const auto written = exact_json::parse_exact(out.value);
    FUZZ_CHECK(std::holds_alternative<nlohmann::json>(written));
    if (out.topic == "raw" && valid_input) {
      FUZZ_CHECK(events::Contract::instance()
                     .check_event(std::get<nlohmann::json>(written), now, std::chrono::hours(1))
                     .valid());
    }
  }
  return 0;
}
