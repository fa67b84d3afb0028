// Any bytes -> parse_exact. A document it accepts is bounded in depth, has no duplicate keys, and
// writes back (dump_exact) as JSON that parses again to the same text.
#include <cstdint>
#include <string_view>

#include "orderflow/json/exact_json.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow::exact_json;
  const auto parsed = parse_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (const auto* document = std::get_if<nlohmann::json>(&parsed)) {
    const std::string once = dump_exact(*document);
    const auto again = parse_exact(once);
    FUZZ_CHECK(std::holds_alternative<nlohmann::json>(again));
    FUZZ_CHECK(dump_exact(std::get<nlohmann::json>(again)) == once);
  } else {
    FUZZ_CHECK(!std::get<ParseError>(parsed).message.empty());
  }
  return 0;
}
