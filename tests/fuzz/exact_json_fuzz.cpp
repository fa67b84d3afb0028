// Any bytes -> parse_exact. A document it accepts is bounded in depth, has no duplicate keys, and
// writes back (dump_exact) as JSON that parses again to the same text, and, when it holds no
// non-integer number, to nlohmann's own dump() byte for byte. Every number in it is
// judged whole (is_integral) and ordered (compare_numbers) as exact Decimal arithmetic judges it,
// wherever Decimal can hold it.
#include <cstdint>
#include <string_view>

#include "orderflow/json/exact_json.h"

#include "fuzz_check.h"

namespace {

void check_numbers(const nlohmann::json& node, const nlohmann::json*& previous) {
  using namespace orderflow::exact_json;
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node) check_numbers(child, previous);
    return;
  }
  if (!is_number(node)) return;
  FUZZ_CHECK(compare_numbers(node, node) == 0);
  if (const auto decimal = to_decimal(node)) {
    FUZZ_CHECK(is_integral(node) == (decimal->significant_scale() == 0));
    if (previous) {
      if (const auto other = to_decimal(*previous)) {
        FUZZ_CHECK((compare_numbers(node, *previous) < 0) == (*decimal < *other));
        FUZZ_CHECK((compare_numbers(node, *previous) == 0) == (*decimal == *other));
      }
    }
  }
  previous = &node;
}

bool holds_a_decimal(const nlohmann::json& node) {
  if (orderflow::exact_json::is_decimal_node(node)) return true;
  if (!node.is_object() && !node.is_array()) return false;
  for (const auto& child : node) {
    if (holds_a_decimal(child)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow::exact_json;
  const auto parsed = parse_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (const auto* document = std::get_if<nlohmann::json>(&parsed)) {
    const std::string once = dump_exact(*document);
    const auto again = parse_exact(once);
    FUZZ_CHECK(std::holds_alternative<nlohmann::json>(again));
    FUZZ_CHECK(dump_exact(std::get<nlohmann::json>(again)) == once);
    if (!holds_a_decimal(*document)) {
      FUZZ_CHECK(once == document->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    const nlohmann::json* previous = nullptr;
    check_numbers(*document, previous);
  } else {
    FUZZ_CHECK(!std::get<ParseError>(parsed).message.empty());
  }
  return 0;
}
