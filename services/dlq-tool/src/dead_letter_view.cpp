#include "dead_letter_view.h"

namespace orderflow::dlq_tool {

bool Filter::matches(const dead_letters::ReadDeadLetter& letter) const {
  if (reason && letter.reason != *reason) return false;
  if (event_id && letter.event_id != *event_id) return false;
  return true;
}

std::map<std::string, std::size_t> count_by_reason(const std::vector<dead_letters::ReadDeadLetter>& letters) {
  std::map<std::string, std::size_t> counts;
  for (const auto& l : letters) ++counts[l.reason];
  return counts;
}

}  // namespace orderflow::dlq_tool
