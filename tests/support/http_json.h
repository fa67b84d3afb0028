#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "orderflow/json/exact_json.h"

#include "eventually.h"

namespace orderflow::testing {

// GET `path` until it answers 200 (or the timeout passes); the body parsed exactly.
inline std::optional<nlohmann::json> get_when_present(httplib::Client& client, const std::string& path,
                                                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  std::optional<nlohmann::json> body;
  eventually(
      [&] {
        auto response = client.Get(path);
        if (!response || response->status != 200) return false;
        body = std::get<nlohmann::json>(exact_json::parse_exact(response->body));
        return true;
      },
      timeout);
  return body;
}

inline nlohmann::json parse_body(const httplib::Result& result) {
  return std::get<nlohmann::json>(exact_json::parse_exact(result->body));
}

}  // namespace orderflow::testing
