// Any bytes -> every request and event schema of the contract, and the whole event check (schema
// then business rules). A refusal always names a reason, and the problem list stays capped.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow;
  const auto parsed = exact_json::parse_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto* document = std::get_if<nlohmann::json>(&parsed);
  if (!document) return 0;
  const auto& contract = events::Contract::instance();
  for (const char* request : {"api/order_request.v1.json", "api/payment_request.v1.json"}) {
    FUZZ_CHECK(contract.check_request(request, *document).size() <= schema::kMaxViolations + 1);
  }
  for (const auto& [type, versions] : contract.event_schemas()) {
    for (const auto& [version, name] : versions) {
      FUZZ_CHECK(contract.registry().validate(name, *document).size() <= schema::kMaxViolations + 1);
    }
  }
  const auto check = contract.check_event(*document, std::chrono::system_clock::now(), std::chrono::seconds(300));
  FUZZ_CHECK(check.valid() || !check.reason.empty());
  return 0;
}
