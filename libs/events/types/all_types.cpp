// The list of event types. A new type is a file beside this one and a line below.
#include "orderflow/events/event_type.h"

namespace orderflow::events {
namespace types {
extern const EventType kUserCreated;
extern const EventType kOrderPlaced;
extern const EventType kPaymentSettled;
extern const EventType kInventoryAdjusted;
extern const EventType kProductUpserted;
extern const EventType kRiskAssessed;
extern const EventType kReviewDecided;
}  // namespace types

const std::vector<const EventType*>& event_types() {
  // Storage effects run in this order within a batch.
  static const std::vector<const EventType*> kAll = {
      &types::kUserCreated,
      &types::kOrderPlaced,
      &types::kPaymentSettled,
      &types::kInventoryAdjusted,
      &types::kProductUpserted,
      &types::kRiskAssessed,
      // After RiskAssessed: a decision in the same batch as its review finds the review.
      &types::kReviewDecided,
  };
  return kAll;
}

const EventType* find_event_type(std::string_view name) {
  for (const auto* type : event_types()) {
    if (name == type->name) return type;
  }
  return nullptr;
}

}  // namespace orderflow::events
