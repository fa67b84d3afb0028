#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "orderflow/events/envelope.h"
#include "orderflow/events/problem.h"
#include "orderflow/schema/validator.h"

namespace orderflow::events {

// How every RiskAssessed event id begins (and no other event's may): risk-<32 hex digits of the
// SHA-256 of the assessed event's id>.
inline constexpr const char* kAssessmentIdPrefix = "risk-";

// Stable reason codes: the `rule` of a Problem, the dlq.reason of a dead letter. Every code any
// stage writes is here (the README's "Reason codes" table lists them).
namespace reason {
inline constexpr const char* kNotJson = "not_json";
inline constexpr const char* kInvalidEnvelope = "invalid_envelope";
inline constexpr const char* kUnknownEventType = "unknown_event_type";
inline constexpr const char* kUnknownSchemaVersion = "unknown_schema_version";
inline constexpr const char* kSchemaViolation = "schema_violation";
inline constexpr const char* kAmountNotPositive = "amount_not_positive";
inline constexpr const char* kAmountPrecision = "amount_precision";
inline constexpr const char* kUnknownCurrency = "unknown_currency";
inline constexpr const char* kQuantityNotPositive = "quantity_not_positive";
inline constexpr const char* kTotalMismatch = "total_mismatch";
inline constexpr const char* kTimestampInFuture = "timestamp_in_future";
// A value PostgreSQL cannot store: NUL in text, an integer beyond its column, a year before 1.
inline constexpr const char* kNotStorable = "not_storable";
// A type the contract knows but storage has no effect for (EventType::storage_effect).
inline constexpr const char* kNoStorageEffect = "no_storage_effect";
// Processor: PostgreSQL refused the event's data; an id applied before with another payload.
inline constexpr const char* kApplyFailed = "apply_failed";
inline constexpr const char* kConflict = "conflict";
// Any stage: handling this one message failed unexpectedly.
inline constexpr const char* kInternalError = "internal_error";
}  // namespace reason

struct EventCheck {
  enum class Outcome {
    kValid,
    kMalformed,          // envelope, type, version or schema: the event is not what it claims to be
    kBreaksBusinessRule  // well-formed, but its content is refused
  };
  Outcome outcome = Outcome::kMalformed;
  std::string reason;  // one of the codes above; the first problem's, when there are several
  Problems problems;
  EventIdentity identity;
  int schema_version = 1;

  bool valid() const { return outcome == Outcome::kValid; }
};

// The event contract, loaded once from proto-schemas/ (compiled into the binary): which event
// types and versions exist, their JSON Schemas, the currencies, and the business rules.
class Contract {
 public:
  static const Contract& instance();

  // Schema first (envelope, then the schema of the event's type and version), then the rules.
  // An event without schemaVersion is read as version 1, as seed 002's clients send it.
  EventCheck check_event(const nlohmann::json& event, std::chrono::system_clock::time_point now,
                         std::chrono::seconds max_future_skew) const;

  // A request body against one of proto-schemas/api/*.json (e.g. "api/order_request.v1.json").
  Problems check_request(const std::string& schema, const nlohmann::json& body) const;

  int latest_version(const std::string& event_type) const;
  bool knows(const std::string& event_type) const { return latest_.count(event_type) > 0; }
  std::optional<int> minor_units(const std::string& currency) const;

  // event type -> version -> schema document name, e.g. "OrderPlaced" -> 2 -> "events/order_placed.v2.json".
  const std::map<std::string, std::map<int, std::string>>& event_schemas() const { return schemas_; }
  const schema::Registry& registry() const { return registry_; }

 private:
  Contract();

  schema::Registry registry_;
  std::map<std::string, std::map<int, std::string>> schemas_;
  std::map<std::string, int> latest_;
  std::map<std::string, int> minor_units_;
};

// The Kafka key of an event: the first of its type's key_fields it has (libs/events/types/).
std::string partition_key(const nlohmann::json& event);

Problems to_problems(const std::vector<schema::Violation>& violations);

}  // namespace orderflow::events
