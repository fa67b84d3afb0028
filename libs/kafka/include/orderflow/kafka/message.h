#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace orderflow::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first header called `name`, or empty.
inline std::string header_value(const Headers& headers, const std::string& name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

struct Message {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;
  std::string value;
  Headers headers;
  std::int64_t timestamp_ms = 0;
};

}  // namespace orderflow::kafka
