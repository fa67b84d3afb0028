#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orderflow::postgres {

// A PostgreSQL array literal built element by element, for a parameter cast with `$1::text[]`,
// `$1::bigint[]`... (libpqxx 6 has no array parameters). Every element is quoted, so commas,
// braces, quotes, backslashes and the word NULL inside a value stay part of it.
class ArrayLiteral {
 public:
  explicit ArrayLiteral(std::size_t reserve_bytes = 0) { literal_.reserve(reserve_bytes + 2); }
  void add(std::string_view value);
  void add(long long value) { add(std::string_view(std::to_string(value))); }
  // The literal; the builder is left empty.
  std::string finish() &&;

 private:
  std::string literal_ = "{";
};

// `values` as a text[] literal.
std::string text_array(const std::vector<std::string>& values);

}  // namespace orderflow::postgres
