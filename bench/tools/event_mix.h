#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orderflow::bench {

// One event as it lies on the validated topic, and the rows the processor makes of it, in
// PostgreSQL's COPY text format (tab-separated, \N for null), so a COPY of the same rows is the
// ceiling the processor is measured against.
struct MixedEvent {
  std::string key;
  std::string json;
  std::string event_id;
  std::string event_type;
};

struct CopyRows {
  std::vector<std::string> processed_events, users, orders, payments;
  std::vector<std::pair<std::string, long long>> inventory;  // sku, net quantity
};

// A deterministic mix of all four event types, valid under the contract: per ten events four
// OrderPlaced (one to three items), three PaymentSettled, two UserCreated, one InventoryAdjusted.
// Ids embed `run`, so several runs never collide.
class EventMix {
 public:
  explicit EventMix(std::string run) : run_(std::move(run)) {}
  MixedEvent make(std::uint64_t n, CopyRows* rows = nullptr) const;

 private:
  std::string run_;
};

// Escapes one field for COPY's text format.
std::string copy_field(const std::string& value);

}  // namespace orderflow::bench
