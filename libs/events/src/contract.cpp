#include "orderflow/events/contract.h"

#include <stdexcept>

#include "orderflow/common/embedded_file.h"
#include "orderflow/events/event_type.h"
#include "orderflow/json/exact_json.h"

#include "business_rules.h"

namespace orderflow::events {
namespace detail {
const std::vector<EmbeddedFile>& contract_files();  // generated from proto-schemas/
}  // namespace detail

namespace {

nlohmann::json parse_file(const EmbeddedFile& file) {
  auto parsed = exact_json::parse_exact(file.content);
  if (auto* error = std::get_if<exact_json::ParseError>(&parsed)) {
    throw std::logic_error("proto-schemas/" + std::string(file.path) + " is not JSON: " + error->message);
  }
  return std::get<nlohmann::json>(parsed);
}

const char* kEnvelope = "events/envelope.v1.json";

// The schemas state the ranges of amounts and quantities (above zero, within a column) so every
// client and tool sees them; the business rules check the same ranges and name what was wrong
// with a reason code of its own (amount_not_positive, quantity_not_positive, not_storable).
// Splits a schema's problems into those range problems and the rest.
std::pair<Problems, Problems> split_ranges(Problems problems) {
  Problems ranges, others;
  for (auto& p : problems) {
    const bool range =
        p.rule == "minimum" || p.rule == "exclusiveMinimum" || p.rule == "maximum" || p.rule == "exclusiveMaximum";
    (range ? ranges : others).push_back(std::move(p));
  }
  return {std::move(ranges), std::move(others)};
}

}  // namespace

Problems to_problems(const std::vector<schema::Violation>& violations) {
  Problems out;
  for (const auto& v : violations) out.push_back({v.path, v.keyword, v.message});
  return out;
}

const Contract& Contract::instance() {
  static const Contract kContract;
  return kContract;
}

Contract::Contract() {
  for (const auto& file : detail::contract_files()) {
    const std::string path(file.path);
    const nlohmann::json document = parse_file(file);
    if (path == "currencies.json") {
      for (const auto& [code, digits] : document.at("minorUnits").items()) minor_units_[code] = digits.get<int>();
      continue;
    }
    if (path.rfind("events/", 0) != 0 && path.rfind("api/", 0) != 0) continue;  // examples, docs
    registry_.add(path, document);
    // An event schema says which type and version it validates in its own consts.
    const auto& properties = document.value("properties", nlohmann::json::object());
    if (path.rfind("events/", 0) == 0 && properties.contains("eventType") &&
        properties["eventType"].contains("const")) {
      const std::string type = properties["eventType"]["const"];
      const int version = properties.at("schemaVersion").at("const").get<int>();
      schemas_[type][version] = path;
      latest_[type] = std::max(latest_[type], version);
    }
  }
  if (schemas_.empty() || minor_units_.empty()) throw std::logic_error("the embedded contract is empty");
  // Every schema's type has its descriptor in libs/events/types/, and every descriptor its schema.
  for (const auto& [type, versions] : schemas_) {
    if (!find_event_type(type)) throw std::logic_error(type + " has a schema but no libs/events/types/ descriptor");
  }
  for (const auto* type : event_types()) {
    if (!schemas_.count(type->name))
      throw std::logic_error(std::string(type->name) + " has no schema in proto-schemas/events/");
  }
}

int Contract::latest_version(const std::string& event_type) const {
  return latest_.at(event_type);
}

std::optional<int> Contract::minor_units(const std::string& currency) const {
  const auto it = minor_units_.find(currency);
  if (it == minor_units_.end()) return std::nullopt;
  return it->second;
}

Problems Contract::check_request(const std::string& schema, const nlohmann::json& body) const {
  // Ranges are left to the check of the event the body becomes, which names them by reason code.
  return split_ranges(to_problems(registry_.validate(schema, body))).second;
}

EventCheck Contract::check_event(const nlohmann::json& event, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds max_future_skew) const {
  EventCheck check;
  auto malformed = [&](const char* reason, Problems problems) {
    check.reason = reason;
    check.problems = std::move(problems);
    return check;
  };

  if (!event.is_object()) return malformed(reason::kInvalidEnvelope, {{"", "type", "an event must be a JSON object"}});
  // The type is looked at before the rest of the envelope so an unknown one is named as such.
  if (const auto type = event.find("eventType"); type != event.end() && type->is_string() && !knows(*type)) {
    return malformed(reason::kUnknownEventType, {{"eventType", reason::kUnknownEventType,
                                                  "unknown event type '" + type->get<std::string>() + "'"}});
  }
  if (auto problems = to_problems(registry_.validate(kEnvelope, event)); !problems.empty()) {
    return malformed(reason::kInvalidEnvelope, std::move(problems));
  }
  check.identity = {event["eventId"], event["eventType"]};
  // risk-<hex> ids are RiskAssessed's, derived from the id of the event assessed: another event
  // holding one would take the assessment's place in the inbox.
  const bool reserved_id = check.identity.event_id.rfind(kAssessmentIdPrefix, 0) == 0;
  if (reserved_id != (check.identity.event_type == "RiskAssessed")) {
    return malformed(reason::kInvalidEnvelope,
                     {{"eventId", "reserved",
                       reserved_id ? "event ids starting with risk- are reserved for RiskAssessed"
                                   : "a RiskAssessed event id starts with risk-"}});
  }
  // The envelope made it an integer; "1.0" counts as 1, and one beyond int is simply unknown.
  const auto version = event.contains("schemaVersion") ? exact_json::to_int64(event["schemaVersion"]) : 1;
  check.schema_version = version && *version >= 0 && *version <= 1'000'000 ? static_cast<int>(*version) : -1;

  const auto& versions = schemas_.at(check.identity.event_type);
  const auto schema = versions.find(check.schema_version);
  if (schema == versions.end()) {
    return malformed(reason::kUnknownSchemaVersion, {{"schemaVersion", reason::kUnknownSchemaVersion,
                                                      check.identity.event_type + " has no schema version " +
                                                          exact_json::dump_exact(event["schemaVersion"])}});
  }
  auto [ranges, others] = split_ranges(to_problems(registry_.validate(schema->second, event)));
  if (!others.empty()) {
    others.insert(others.end(), ranges.begin(), ranges.end());
    return malformed(reason::kSchemaViolation, std::move(others));
  }
  if (auto problems = check_business_rules(event, *this, now, max_future_skew); !problems.empty()) {
    check.outcome = EventCheck::Outcome::kBreaksBusinessRule;
    check.reason = problems.front().rule;
    check.problems = std::move(problems);
    return check;
  }
  // A range no business rule reports is still the schema's to refuse.
  if (!ranges.empty()) return malformed(reason::kSchemaViolation, std::move(ranges));
  check.outcome = EventCheck::Outcome::kValid;
  return check;
}

std::string partition_key(const nlohmann::json& event) {
  const auto type = event.find("eventType");
  const EventType* known =
      type != event.end() && type->is_string() ? find_event_type(type->get_ref<const std::string&>()) : nullptr;
  if (known) {
    for (const char* field : known->key_fields) {
      if (const auto it = event.find(field); it != event.end() && it->is_string()) return *it;
    }
  }
  return event.value("eventId", "");
}

}  // namespace orderflow::events
