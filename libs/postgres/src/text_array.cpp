#include "orderflow/postgres/text_array.h"

namespace orderflow::postgres {

void ArrayLiteral::add(std::string_view value) {
  if (literal_.size() > 1) literal_ += ',';
  literal_ += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') literal_ += '\\';
    literal_ += c;
  }
  literal_ += '"';
}

std::string ArrayLiteral::finish() && {
  literal_ += '}';
  return std::move(literal_);
}

std::string text_array(const std::vector<std::string>& values) {
  ArrayLiteral literal;
  for (const auto& value : values) literal.add(value);
  return std::move(literal).finish();
}

}  // namespace orderflow::postgres
