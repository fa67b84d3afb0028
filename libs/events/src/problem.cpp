#include "orderflow/events/problem.h"

namespace orderflow::events {

nlohmann::json to_json(const Problems& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems) out.push_back({{"field", p.field}, {"rule", p.rule}, {"message", p.message}});
  return out;
}

std::string describe(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "; ";
    out += (p.field.empty() ? std::string("(document)") : p.field) + ": " + p.message;
  }
  return out;
}

}  // namespace orderflow::events
