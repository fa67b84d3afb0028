#include "orderflow/events/settings.h"

namespace orderflow::events {

std::chrono::seconds read_max_future_skew(Settings& settings) {
  return std::chrono::seconds(settings.integer("MAX_FUTURE_SKEW_SECONDS", kDefaultMaxFutureSkew.count(), 0, 86'400,
                                               "how far in the future an event's timestamps may be"));
}

}  // namespace orderflow::events
