// Any text -> Decimal::parse. What parses prints back as a number that parses to the same value,
// and arithmetic on it either fits or says it does not.
#include <cstdint>
#include <string_view>

#include "orderflow/common/decimal.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using orderflow::Decimal;
  const auto value = Decimal::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!value) return 0;
  const auto again = Decimal::parse(value->to_string());
  FUZZ_CHECK(again && *again == *value && again->to_string() == value->to_string());
  if (const auto sum = value->plus(*value)) FUZZ_CHECK(sum->sign() == value->sign());
  if (const auto product = value->times(*value)) FUZZ_CHECK(product->sign() >= 0);
  if (const auto integer = value->to_int64()) FUZZ_CHECK(Decimal::from_integer(*integer) == *value);
  return 0;
}
