#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace orderflow::events {

// One reason an input was refused, in a form both people and programs can act on:
// {"field": "total", "rule": "exclusiveMinimum", "message": "must be greater than 0"}.
// `field` is the JSON path of the offending value ("" for the document itself).
struct Problem {
  std::string field;
  std::string rule;
  std::string message;
};

using Problems = std::vector<Problem>;

nlohmann::json to_json(const Problems& problems);
// "total: must be greater than 0; id: is required" — for logs and dead-letter reasons.
std::string describe(const Problems& problems);

}  // namespace orderflow::events
