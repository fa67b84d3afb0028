#pragma once

#include <atomic>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}

namespace orderflow::schema {

// The instance types of draft-07's "type" keyword, as bits of CompiledNode::types.
enum TypeBit : unsigned {
  kObjectType = 1U << 0,
  kArrayType = 1U << 1,
  kStringType = 1U << 2,
  kBooleanType = 1U << 3,
  kNullType = 1U << 4,
  kNumberType = 1U << 5,
  kIntegerType = 1U << 6,
};

// One schema of a document (an object or a boolean), its keywords read once when the document is
// added: validating an event then looks no keyword up by name in the schema's JSON (those lookups
// were most of a validation's cost). Pointers point into the Registry's documents and patterns.
struct CompiledNode {
  enum class Format { kNone, kDateTime, kEmail };  // other formats only annotate

  const nlohmann::json* source = nullptr;
  const std::string* document = nullptr;  // the name of the document it lives in, for its $ref
  std::optional<bool> boolean;            // a boolean schema: true accepts anything, false nothing

  // $ref: its siblings are ignored. The target is resolved on first use, then kept.
  const std::string* ref = nullptr;
  mutable std::atomic<const CompiledNode*> ref_target{nullptr};

  const nlohmann::json* type = nullptr;  // the keyword as written, for the message
  unsigned types = 0;                    // TypeBit mask of the types it names
  const nlohmann::json* enum_values = nullptr;
  const nlohmann::json* const_value = nullptr;

  const nlohmann::json* max_length = nullptr;
  const re2::RE2* pattern = nullptr;
  const std::string* pattern_source = nullptr;
  Format format = Format::kNone;

  const nlohmann::json* minimum = nullptr;
  const nlohmann::json* exclusive_minimum = nullptr;
  const nlohmann::json* maximum = nullptr;
  const nlohmann::json* exclusive_maximum = nullptr;

  const nlohmann::json* required = nullptr;
  bool has_properties = false;
  std::unordered_map<std::string, const CompiledNode*> properties;
  bool forbids_additional = false;           // additionalProperties: false
  const CompiledNode* additional = nullptr;  // additionalProperties as a schema
  const nlohmann::json* min_items = nullptr;
  const nlohmann::json* max_items = nullptr;
  const CompiledNode* items = nullptr;            // items as one schema for every item
  std::vector<const CompiledNode*> item_schemas;  // items as an array: one schema per position
  bool items_by_position = false;
};

}  // namespace orderflow::schema
