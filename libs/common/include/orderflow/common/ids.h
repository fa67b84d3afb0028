#pragma once

#include <string>

namespace orderflow {

// A UUID version 7 ("0190f0c8-3b1c-7abc-8def-0123456789ab"): a millisecond timestamp followed by
// random bits, so event ids generated close in time sit close together in database indexes.
std::string new_event_id();

}  // namespace orderflow
