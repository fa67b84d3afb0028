#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orderflow/dead_letters/dead_letter.h"

namespace orderflow::dlq_tool {

// Which dead letters a command applies to.
struct Filter {
  std::optional<std::string> reason;
  std::optional<std::string> event_id;
  bool matches(const dead_letters::ReadDeadLetter& letter) const;
};

std::map<std::string, std::size_t> count_by_reason(const std::vector<dead_letters::ReadDeadLetter>& letters);

}  // namespace orderflow::dlq_tool
