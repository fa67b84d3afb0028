#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "orderflow/schema/validator.h"

namespace orderflow::schema {

struct RefTarget {
  const nlohmann::json* schema;
  std::string document;  // the document the target lives in, for the $refs inside it
};

// Resolves a $ref ("#/definitions/x", "other.json#/definitions/x", "../events/y.json#") written in
// `from_document`. Throws SchemaError when it points at nothing.
RefTarget resolve_ref(const Registry& registry, const std::string& from_document, const std::string& reference);

}  // namespace orderflow::schema
