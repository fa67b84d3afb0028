#include "orderflow/events/identify.h"

#include <algorithm>
#include <optional>
#include <set>
#include <simdjson.h>
#include <string>
#include <vector>

#include "orderflow/events/contract.h"

namespace orderflow::events {
namespace {

constexpr const char* kEnvelopeSchema = "events/envelope.v1.json";

// The members read_identity() validates: the envelope schema's properties. Validating only these
// is the same as validating the whole event because that schema constrains nothing else (no
// additionalProperties, no counts of members): events_tests' IdentifyTest checks that it stays so.
const std::set<std::string, std::less<>>& envelope_members() {
  static const auto members = [] {
    std::set<std::string, std::less<>> names;
    const auto& schema = Contract::instance().registry().document(kEnvelopeSchema);
    for (const auto& [name, unused] : schema.at("properties").items()) names.insert(name);
    return names;
  }();
  return members;
}

// Containers nested this deep are left to parse_exact(), which refuses those beyond kMaxDepth
// with its own message; one level of margin keeps the two counts from having to agree exactly.
constexpr std::size_t kDeepestSettledHere = exact_json::kMaxDepth - 1;

// True when no object within `element` repeats a key and no container lies deeper than
// kDeepestSettledHere: what parse_exact() refuses beyond syntax. The recursion stops at that
// depth, whatever the parser let through.
bool settles_here(simdjson::dom::element element, std::size_t depth) {
  simdjson::dom::array array;
  if (element.get(array) == simdjson::SUCCESS) {
    if (depth >= kDeepestSettledHere) return false;
    for (const auto child : array) {
      if (!settles_here(child, depth + 1)) return false;
    }
    return true;
  }
  simdjson::dom::object object;
  if (element.get(object) != simdjson::SUCCESS) return true;
  if (depth >= kDeepestSettledHere) return false;
  std::vector<std::string_view> keys;
  for (const auto field : object) {
    keys.push_back(field.key);
    if (!settles_here(field.value, depth + 1)) return false;
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

// The member as nlohmann::json, exact: empty for a number simdjson holds as a double (a
// fraction, an exponent, an integer beyond 64 bits), whose exact value only parse_exact() keeps.
// Called only on what settles_here() accepted, so its recursion is as bounded.
std::optional<nlohmann::json> exact_copy(simdjson::dom::element element) {
  std::string_view text;
  std::int64_t signed_integer = 0;
  std::uint64_t unsigned_integer = 0;
  bool boolean = false;
  simdjson::dom::array array;
  simdjson::dom::object object;
  if (element.get(text) == simdjson::SUCCESS) return nlohmann::json(std::string(text));
  if (element.get(signed_integer) == simdjson::SUCCESS) return nlohmann::json(signed_integer);
  if (element.get(unsigned_integer) == simdjson::SUCCESS) return nlohmann::json(unsigned_integer);
  if (element.get(boolean) == simdjson::SUCCESS) return nlohmann::json(boolean);
  if (element.is_null()) return nlohmann::json(nullptr);
  if (element.get(array) == simdjson::SUCCESS) {
    auto copy = nlohmann::json::array();
    for (const auto child : array) {
      auto item = exact_copy(child);
      if (!item) return std::nullopt;
      copy.push_back(std::move(*item));
    }
    return copy;
  }
  if (element.get(object) == simdjson::SUCCESS) {
    auto copy = nlohmann::json::object();
    for (const auto field : object) {
      auto value = exact_copy(field.value);
      if (!value) return std::nullopt;
      copy[std::string(field.key)] = std::move(*value);
    }
    return copy;
  }
  return std::nullopt;  // a double
}

// A parser keeps buffers of about thirteen times the largest message it has read, for good: one
// large message would pin that memory for the thread's life. Larger messages (events are a few
// kilobytes) fail with CAPACITY and go the exact way, whose document is freed afterwards.
constexpr std::size_t kLargestSettledHere = 64 * 1024;

// One parser per thread: it keeps its buffers between messages. Its depth limit (a little beyond
// what settles_here() accepts) stops simdjson early on deep input; settles_here() and
// exact_copy() recurse only within kDeepestSettledHere.
simdjson::dom::parser& parser() {
  thread_local simdjson::dom::parser instance = [] {
    simdjson::dom::parser p(kLargestSettledHere);
    // A failure (no memory) leaves the parser to allocate on first use, with its default depth
    // limit; settles_here() still bounds the walk.
    [[maybe_unused]] const auto allocated = p.allocate(simdjson::SIMDJSON_PADDING, exact_json::kMaxDepth + 2);
    return p;
  }();
  return instance;
}

}  // namespace

Identified identify_exactly(std::string_view message) {
  auto parsed = exact_json::parse_exact(message);
  if (auto* error = std::get_if<exact_json::ParseError>(&parsed)) return std::move(*error);
  auto identity = read_identity(std::get<nlohmann::json>(parsed));
  if (auto* problems = std::get_if<Problems>(&identity)) return std::move(*problems);
  return std::get<EventIdentity>(std::move(identity));
}

Identified identify(std::string_view message) {
  simdjson::dom::element root;
  simdjson::dom::object event;
  if (parser().parse(message.data(), message.size()).get(root) != simdjson::SUCCESS ||
      root.get(event) != simdjson::SUCCESS || !settles_here(root, 0)) {
    return identify_exactly(message);
  }
  auto envelope = nlohmann::json::object();
  const auto& members = envelope_members();
  for (const auto field : event) {
    if (!members.count(field.key)) continue;
    auto value = exact_copy(field.value);
    if (!value) return identify_exactly(message);
    envelope[std::string(field.key)] = std::move(*value);
  }
  auto identity = read_identity(envelope);
  if (auto* problems = std::get_if<Problems>(&identity)) return std::move(*problems);
  return std::get<EventIdentity>(std::move(identity));
}

std::string describe(const Identified& answer) {
  if (const auto* identity = std::get_if<EventIdentity>(&answer)) {
    return "identity " + identity->event_id + " " + identity->event_type;
  }
  if (const auto* error = std::get_if<exact_json::ParseError>(&answer)) {
    return "not json (kind " + std::to_string(static_cast<int>(error->kind)) + ", byte " + std::to_string(error->byte) +
           "): " + error->message;
  }
  return "invalid envelope: " + events::describe(std::get<Problems>(answer));
}

}  // namespace orderflow::events
