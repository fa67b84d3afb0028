#pragma once

#include <chrono>

#include "orderflow/common/settings.h"

namespace orderflow::events {

// How far in the future an event's timestamps may be (timestamp_in_future beyond). The gateway
// and the validator check the same rule, so they read this one setting, MAX_FUTURE_SKEW_SECONDS,
// with this one default: if they differed, the gateway could answer 202 for an event the
// validator then dead-letters.
inline constexpr std::chrono::seconds kDefaultMaxFutureSkew{300};
std::chrono::seconds read_max_future_skew(Settings& settings);

}  // namespace orderflow::events
