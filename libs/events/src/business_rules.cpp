#include "business_rules.h"

#include "orderflow/common/decimal.h"
#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {
namespace {

// The largest quantity a line or an adjustment may carry: order_items.quantity is a PostgreSQL
// integer; inventory sums them in a bigint, which 2^32 adjustments of this size cannot overflow.
constexpr std::int64_t kMaxQuantity = 2'147'483'647;
// PostgreSQL has no year 0; RFC 3339 does.
constexpr Timestamp kEarliestStorableTime = std::chrono::sys_days(std::chrono::year(1) / 1 / 1);

class RuleChecks {
 public:
  RuleChecks(const Contract& contract, Problems& problems) : contract_(contract), problems_(problems) {}

  // True when the currency is known; later amount checks need its minor units.
  std::optional<int> currency(const nlohmann::json& event, const char* field) {
    const std::string code = event.at(field);
    const auto digits = contract_.minor_units(code);
    if (!digits) add(field, reason::kUnknownCurrency, "'" + code + "' is not an ISO 4217 currency orderflow accepts");
    return digits;
  }

  std::optional<Decimal> amount(const std::string& field, const nlohmann::json& value, std::optional<int> minor_units,
                                const std::string& currency) {
    const auto decimal = json::to_decimal(value);
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

  void quantity(const std::string& field, const nlohmann::json& value) {
    const auto quantity = json::to_int64(value);
    if (quantity && *quantity <= 0) {
      add(field, reason::kQuantityNotPositive, "must be greater than 0");
    } else if (!quantity || *quantity > kMaxQuantity) {
      add(field, reason::kNotStorable, "must be at most " + std::to_string(kMaxQuantity));
    }
  }

  void time_in_range(const nlohmann::json& event, const char* field, Timestamp latest) {
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

  // PostgreSQL's text and jsonb cannot hold NUL; every string and key of the event is stored.
  void text_storable(const nlohmann::json& node, const std::string& path) {
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

  void add(const std::string& field, const char* rule, std::string message) {
    problems_.push_back({field, rule, std::move(message)});
  }

 private:
  const Contract& contract_;
  Problems& problems_;
};

void check_order(const nlohmann::json& event, RuleChecks& checks) {
  const std::string currency = event["currency"];
  const auto digits = checks.currency(event, "currency");
  const auto total = checks.amount("totalAmount", event["totalAmount"], digits, currency);
  std::optional<Decimal> sum = Decimal();
  const auto& items = event["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    checks.quantity(path + ".quantity", items[i]["quantity"]);
    const auto price = checks.amount(path + ".price", items[i]["price"], digits, currency);
    const auto quantity = json::to_decimal(items[i]["quantity"]);
    if (sum && price && quantity) {
      const auto line = price->times(*quantity);
      sum = line ? sum->plus(*line) : std::nullopt;
      // Every line is a valid amount, yet their sum is beyond exact arithmetic: it cannot equal
      // any total orderflow stores, so the order is refused rather than left unchecked.
      if (!sum) checks.add("totalAmount", reason::kTotalMismatch, "the items add up to more than orderflow can total exactly");
    } else {
      sum.reset();
    }
  }
  if (!items.empty() && total && sum && *sum != *total) {
    checks.add("totalAmount", reason::kTotalMismatch,
               "is " + total->to_string() + " but the items add up to " + sum->to_string());
  }
}

}  // namespace

Problems check_business_rules(const nlohmann::json& event, const Contract& contract,
                              std::chrono::system_clock::time_point now, std::chrono::seconds max_future_skew) {
  Problems problems;
  RuleChecks checks(contract, problems);
  const std::string type = event["eventType"];
  if (type == "OrderPlaced") {
    check_order(event, checks);
  } else if (type == "PaymentSettled") {
    const auto digits = checks.currency(event, "currency");
    checks.amount("amount", event["amount"], digits, event["currency"]);
  } else if (type == "InventoryAdjusted") {
    checks.quantity("quantity", event["quantity"]);
  }
  const auto latest = std::chrono::floor<std::chrono::microseconds>(now + max_future_skew);
  for (const char* field : {"timestamp", "createdAt", "placedAt", "settledAt", "adjustedAt"}) {
    checks.time_in_range(event, field, latest);
  }
  checks.text_storable(event, "");
  return problems;
}

}  // namespace orderflow::events
