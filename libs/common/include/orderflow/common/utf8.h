#pragma once

#include <string>
#include <string_view>

namespace orderflow {

// `text` with every byte sequence that is not valid UTF-8 replaced by U+FFFD. For text built from
// untrusted bytes (a parser quoting its input) that must go where only UTF-8 is accepted:
// PostgreSQL text columns, JSON.
std::string to_valid_utf8(std::string_view text);

// At most `max_bytes` of `text` as valid UTF-8, cut at a character boundary (so never longer
// than max_bytes, whatever bytes `text` holds).
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace orderflow
