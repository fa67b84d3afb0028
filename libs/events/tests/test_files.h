#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "orderflow/json/exact_json.h"

namespace orderflow::events::testing {

// A file of proto-schemas/, parsed exactly.
inline nlohmann::json contract_file(const std::string& relative) {
  std::ifstream in(std::string(ORDERFLOW_SOURCE_DIR) + "/proto-schemas/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return std::get<nlohmann::json>(exact_json::parse_exact(text.str()));
}

inline nlohmann::json parse(std::string_view text) {
  return std::get<nlohmann::json>(exact_json::parse_exact(text));
}

}  // namespace orderflow::events::testing
