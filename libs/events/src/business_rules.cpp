#include "business_rules.h"

#include "orderflow/common/decimal.h"
#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {
namespace {

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

  void positive_quantity(const std::string& field, const nlohmann::json& value) {
    if (value.get<std::int64_t>() <= 0) add(field, reason::kQuantityNotPositive, "must be greater than 0");
  }

  void not_in_future(const nlohmann::json& event, const char* field, Timestamp latest) {
    const auto it = event.find(field);
    if (it == event.end()) return;
    const auto time = parse_rfc3339(it->get<std::string>());
    if (time && *time > latest) add(field, reason::kTimestampInFuture, "is too far in the future");
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
    checks.positive_quantity(path + ".quantity", items[i]["quantity"]);
    const auto price = checks.amount(path + ".price", items[i]["price"], digits, currency);
    const auto quantity = json::to_decimal(items[i]["quantity"]);
    if (sum && price && quantity) {
      const auto line = price->times(*quantity);
      sum = line ? sum->plus(*line) : std::nullopt;
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
    checks.positive_quantity("quantity", event["quantity"]);
  }
  const auto latest = std::chrono::floor<std::chrono::microseconds>(now + max_future_skew);
  for (const char* field : {"timestamp", "createdAt", "placedAt", "settledAt", "adjustedAt"}) {
    checks.not_in_future(event, field, latest);
  }
  return problems;
}

}  // namespace orderflow::events
