#include "rule_checks.h"

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {
namespace {

// The largest quantity a line or an adjustment may carry: a line's quantity is read back as a
// PostgreSQL integer (queries.cpp); inventory sums them in a bigint, which 2^32 adjustments of
// this size cannot overflow.
constexpr std::int64_t kMaxQuantity = 2'147'483'647;
// PostgreSQL has no year 0; RFC 3339 does.
constexpr Timestamp kEarliestStorableTime = std::chrono::sys_days(std::chrono::year(1) / 1 / 1);

}  // namespace

std::optional<int> RuleChecks::currency(const nlohmann::json& event, const char* field) {
  const std::string code = event.at(field);
  const auto digits = contract_.minor_units(code);
  if (!digits) add(field, reason::kUnknownCurrency, "'" + code + "' is not an ISO 4217 currency orderflow accepts");
  return digits;
}

std::optional<Decimal> RuleChecks::amount(const std::string& field, const nlohmann::json& value,
                                          std::optional<int> minor_units, const std::string& currency) {
  const auto decimal = exact_json::to_decimal(value);
  if (!decimal) {
    add(field, reason::kAmountPrecision, "is beyond the range of amounts orderflow stores exactly");
    return std::nullopt;
  }
  if (decimal->sign() <= 0) add(field, reason::kAmountNotPositive, "must be greater than 0");
  if (minor_units && decimal->significant_scale() > *minor_units) {
    add(field, reason::kAmountPrecision,
        "has " + std::to_string(decimal->significant_scale()) + " decimals; " + currency + " allows " +
            std::to_string(*minor_units));
  }
  return decimal;
}

void RuleChecks::quantity(const std::string& field, const nlohmann::json& value) {
  const auto quantity = exact_json::to_int64(value);
  if (quantity && *quantity <= 0) {
    add(field, reason::kQuantityNotPositive, "must be greater than 0");
  } else if (!quantity || *quantity > kMaxQuantity) {
    add(field, reason::kNotStorable, "must be at most " + std::to_string(kMaxQuantity));
  }
}

void RuleChecks::time_in_range(const nlohmann::json& event, const char* field, Timestamp latest) {
  const auto it = event.find(field);
  if (it == event.end()) return;
  const std::string& text = it->get_ref<const std::string&>();
  const auto time = parse_rfc3339(text);
  if (!time) return;
  if (*time > latest) add(field, reason::kTimestampInFuture, "is too far in the future");
  if (*time < kEarliestStorableTime) add(field, reason::kNotStorable, "must be in year 1 or later (UTC)");
  // RFC 3339 allows offsets up to 23:59; PostgreSQL reads them only up to 15:59.
  if (text.back() != 'Z' && text.back() != 'z' && text.size() >= 6 && text.compare(text.size() - 5, 2, "15") > 0) {
    add(field, reason::kNotStorable, "must have a UTC offset between -15:59 and +15:59");
  }
}

void RuleChecks::text_storable(const nlohmann::json& node, const std::string& path) {
  if (node.is_string()) {
    if (node.get_ref<const std::string&>().find('\0') != std::string::npos) {
      add(path, reason::kNotStorable, "must not contain the NUL character");
    }
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key.find('\0') != std::string::npos) add(path, reason::kNotStorable, "has a key with the NUL character");
      text_storable(value, path.empty() ? key : path + "." + key);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) text_storable(node[i], path + "[" + std::to_string(i) + "]");
  }
}

void RuleChecks::add(const std::string& field, const char* rule, std::string message) {
  problems_.push_back({field, rule, std::move(message)});
}

}  // namespace orderflow::events
