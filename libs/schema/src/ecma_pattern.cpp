#include "ecma_pattern.h"

#include "orderflow/schema/validator.h"

namespace orderflow::schema {
namespace {

constexpr const char* kWhitespace =
    "\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
constexpr const char* kLineTerminators = "\\n\\r\\x{2028}\\x{2029}";

}  // namespace

std::string ecma_to_re2(const std::string& pattern) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char escaped = pattern[++i];
      if (escaped == 's') {
        out += in_class ? std::string(kWhitespace) : "[" + std::string(kWhitespace) + "]";
      } else if (escaped == 'S') {
        if (in_class) throw SchemaError("pattern '" + pattern + "': \\S inside a character class is not supported");
        out += "[^" + std::string(kWhitespace) + "]";
      } else if (escaped == 'u' && i + 4 < pattern.size()) {
        out += "\\x{" + pattern.substr(i + 1, 4) + "}";  // \uXXXX is RE2's \x{XXXX}
        i += 4;
      } else {
        out += c;
        out += escaped;
      }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in RE2 but ends an empty class in ECMA-262;
      // orderflow's schemas have neither, so it is copied as RE2 reads it.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      continue;
    }
    if (c == '.') {
      out += "[^" + std::string(kLineTerminators) + "]";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace orderflow::schema
