#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "orderflow/events/problem.h"

namespace orderflow::events {

class Contract;

// The rules a schema cannot express, for an event that already passed its schema: amounts
// positive with no more decimals than their currency has, ISO 4217 currencies, positive
// quantities, order totals equal to the sum of their lines, timestamps not far in the future.
Problems check_business_rules(const nlohmann::json& event, const Contract& contract,
                              std::chrono::system_clock::time_point now, std::chrono::seconds max_future_skew);

}  // namespace orderflow::events
