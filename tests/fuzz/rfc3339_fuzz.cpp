// Any text -> parse_rfc3339. An accepted time lies within the years RFC 3339 can write (0000 to
// 9999, give or take the largest UTC offset), so nothing downstream meets an overflowed instant.
#include <cstdint>
#include <string_view>

#include "orderflow/common/time.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow;
  using namespace std::chrono;
  const auto time = parse_rfc3339(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!time) return 0;
  static const Timestamp kEarliest = sys_days(year(0) / 1 / 1) - days(1);
  static const Timestamp kLatest = sys_days(year(10000) / 1 / 1) + days(1);
  FUZZ_CHECK(*time >= kEarliest && *time <= kLatest);
  return 0;
}
