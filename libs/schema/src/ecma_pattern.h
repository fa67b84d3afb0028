#pragma once

#include <string>

namespace orderflow::schema {

// A JSON Schema `pattern` (ECMA-262 syntax and meaning) as an RE2 pattern with the same meaning
// over code points. RE2 already reads UTF-8 by code point and treats \d and \w as ASCII, as
// ECMA-262 does; what differs is whitespace and the line terminators:
//   \s, \S  ECMA-262 counts U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
//           U+FEFF and \v as whitespace; RE2 only ASCII [\t\n\f\r ].
//   .       ECMA-262 excludes all four line terminators (\n, \r, U+2028, U+2029); RE2 only \n.
// Throws SchemaError for \S inside a character class, which RE2 cannot express (no schema of
// orderflow's uses it).
std::string ecma_to_re2(const std::string& pattern);

}  // namespace orderflow::schema
