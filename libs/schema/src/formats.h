#pragma once

#include <string>

namespace orderflow::schema {

bool is_date_time(const std::string& text);
// The dot-atom form of RFC 5322 addresses: what e-mail fields in real systems accept.
bool is_email(const std::string& text);
// "%25" -> "%" in a $ref's fragment, as URI fragments are percent-encoded.
std::string percent_decode(const std::string& text);

}  // namespace orderflow::schema
