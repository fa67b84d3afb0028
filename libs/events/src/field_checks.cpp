#include "field_checks.h"

#include <regex>

#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {

void FieldChecks::add(const std::string& name, const char* rule, std::string message) {
  problems_.push_back({path_.empty() ? name : path_ + "." + name, rule, std::move(message)});
}

void FieldChecks::no_other_fields(std::initializer_list<const char*> known) {
  for (const auto& [name, value] : object_.items()) {
    bool listed = false;
    for (const char* k : known) listed = listed || name == k;
    if (!listed) add(name, "additionalProperties", "is not a known field");
  }
}

const nlohmann::json* FieldChecks::required(const char* name, const char* type_name) {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    add(name, "required", "is required");
    return nullptr;
  }
  const bool type_ok = std::string_view(type_name) == "string" ? it->is_string() : json::is_number(*it);
  if (!type_ok) {
    add(name, "type", std::string("must be a ") + type_name);
    return nullptr;
  }
  return &*it;
}

std::string FieldChecks::identifier(const char* name) {
  static const std::regex kIdentifier(R"(^[A-Za-z0-9_.:@-]{1,128}$)");
  const auto* value = required(name, "string");
  if (!value) return {};
  const auto& text = value->get_ref<const std::string&>();
  if (!std::regex_match(text, kIdentifier)) {
    add(name, "pattern", "must be 1 to 128 letters, digits or - _ . : @");
    return {};
  }
  return text;
}

std::string FieldChecks::short_text(const char* name, std::size_t max_length) {
  const auto* value = required(name, "string");
  if (!value) return {};
  const auto& text = value->get_ref<const std::string&>();
  if (text.empty() || text.size() > max_length) {
    add(name, "maxLength", "must be 1 to " + std::to_string(max_length) + " characters");
    return {};
  }
  return text;
}

Decimal FieldChecks::positive_amount(const char* name) {
  const auto* value = required(name, "number");
  if (!value) return {};
  const auto amount = json::to_decimal(*value);
  if (!amount) {
    add(name, "maximum", "is outside the range of amounts orderflow stores exactly");
    return {};
  }
  if (amount->sign() <= 0) {
    add(name, "exclusiveMinimum", "must be greater than 0");
    return {};
  }
  return *amount;
}

std::string FieldChecks::currency(const char* name) {
  static const std::regex kCurrency(R"(^[A-Z]{3}$)");
  const auto* value = required(name, "string");
  if (!value) return {};
  const auto& text = value->get_ref<const std::string&>();
  if (!std::regex_match(text, kCurrency)) {
    add(name, "pattern", "must be a three-letter ISO 4217 code such as USD");
    return {};
  }
  return text;
}

std::string FieldChecks::timestamp(const char* name) {
  const auto* value = required(name, "string");
  if (!value) return {};
  const auto& text = value->get_ref<const std::string&>();
  if (!parse_rfc3339(text)) {
    add(name, "format", "must be an RFC 3339 date-time such as 2025-10-06T17:00:00Z");
    return {};
  }
  return text;
}

}  // namespace orderflow::events
