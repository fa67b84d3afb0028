#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}

// A compact JSON Schema (draft-07) validator over nlohmann::json, for the keywords orderflow's
// schemas use: type, required, properties, additionalProperties, enum, const, pattern,
// format (date-time, email), minimum, exclusiveMinimum, maxLength, minItems, maxItems, items and
// $ref (to "#/pointer" in the same document or "other.json#/pointer" in another added one).
// Boolean schemas are supported. Numbers are compared exactly (documents and instances parsed
// with exact_json::parse_exact). It is proven against the official JSON-Schema-Test-Suite for each of
// those keywords (libs/schema/tests); a schema using any other keyword is refused when added.
//
// Instances come from outside, so validation is bounded by their size: patterns run on RE2
// (linear time, no recursion), formats are linear code, a string over maxLength or an array over
// maxItems is not looked into further, and at most kMaxViolations are listed.
namespace orderflow::schema {

struct CompiledNode;  // compiled_node.h

struct Violation {
  std::string path;     // "items[0].price"; "" for the document itself
  std::string keyword;  // the keyword that failed, e.g. "required"
  std::string message;
};

class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The most violations validate() lists; beyond it one more entry says how many were left out.
inline constexpr std::size_t kMaxViolations = 20;

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(Registry&&) noexcept;
  // Adds a schema document under `name` (how other documents' $ref name it). Throws SchemaError
  // for a keyword outside the supported set or a pattern that does not compile.
  void add(const std::string& name, const nlohmann::json& document);
  bool contains(const std::string& name) const { return documents_.count(name) > 0; }
  const nlohmann::json& document(const std::string& name) const;

  // Every violation of `instance` against document `name`; empty when valid.
  std::vector<Violation> validate(const std::string& name, const nlohmann::json& instance) const;

  // The keywords add() accepts in a schema.
  static const std::vector<std::string>& supported_keywords();
  // Keywords that carry no assertion (title, description, definitions, ...); also accepted.
  static const std::vector<std::string>& annotation_keywords();

 private:
  class Violations;
  struct Compiled;
  struct InstancePath;
  void validate_node(const CompiledNode& schema, const nlohmann::json& instance, const InstancePath& path,
                     Violations& out, int depth) const;
  void check_string(const CompiledNode& schema, const std::string& text, const InstancePath& path,
                    Violations& out) const;
  void check_keywords(const nlohmann::json& schema);
  void compile_all();
  const CompiledNode* compile(const nlohmann::json& schema, const std::string& document) const;
  const CompiledNode& ref_target(const CompiledNode& node) const;

  std::map<std::string, nlohmann::json> documents_;
  std::unordered_map<std::string, std::unique_ptr<re2::RE2>> patterns_;  // by source: hashed, not compared
  std::unique_ptr<Compiled> compiled_;
};

// JSON equality as JSON Schema defines it: numbers by value (1 == 1.0), everything else exactly.
bool json_equal(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace orderflow::schema
