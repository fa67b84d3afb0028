#pragma once

#include <string>
#include <vector>

namespace orderflow::postgres {

// `values` as a PostgreSQL text[] literal, for a parameter cast with `$1::text[]` (libpqxx 6 has
// no array parameters). Every element is quoted, so commas, braces, quotes, backslashes and the
// word NULL inside a value stay part of it.
std::string text_array(const std::vector<std::string>& values);

}  // namespace orderflow::postgres
