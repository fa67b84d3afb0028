// The validator's CPU cost per event: exact parse + JSON Schema + business rules, against a
// baseline of nlohmann's plain parse of the same bytes (what any consumer must at least pay).
#include <nlohmann/json.hpp>

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

#include "bench_common.h"

namespace orderflow::bench {

void run_validation_bench(int events) {
  const std::string order =
      R"({"eventId":"e1","eventType":"OrderPlaced","schemaVersion":2,"timestamp":"2025-10-20T10:00:00Z",)"
      R"("orderId":"o1","userId":"u1","totalAmount":59.97,"currency":"USD","status":"pending",)"
      R"("items":[{"sku":"MUG-1","quantity":3,"price":19.99}],"placedAt":"2025-10-20T10:00:00Z"})";
  const auto& contract = events::Contract::instance();
  const auto now = std::chrono::system_clock::now();
  std::size_t valid = 0;
  const double checked = seconds_for([&] {
    for (int i = 0; i < events; ++i) {
      auto parsed = exact_json::parse_exact(order);
      valid += contract.check_event(std::get<nlohmann::json>(parsed), now, std::chrono::seconds(300)).valid();
    }
  });
  std::size_t parsed_count = 0;
  const double plain = seconds_for([&] {
    for (int i = 0; i < events; ++i) parsed_count += nlohmann::json::parse(order).size();
  });
  if (valid != static_cast<std::size_t>(events) || parsed_count == 0) std::fprintf(stderr, "unexpected results\n");
  report("validator: parse + schema + rules, one OrderPlaced", "events/s", events / checked, "plain nlohmann parse",
         events / plain);
}

}  // namespace orderflow::bench
