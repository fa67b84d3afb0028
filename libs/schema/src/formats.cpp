#include "formats.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "orderflow/common/time.h"

namespace orderflow::schema {

bool is_date_time(const std::string& text) {
  return parse_rfc3339(text).has_value();
}

namespace {

bool is_atext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

// Dot-separated runs, none empty, each made of `allowed` characters and accepted by `run_ok`.
template <typename Allowed, typename RunOk>
bool dot_separated(std::string_view text, Allowed allowed, RunOk run_ok) {
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    const auto run = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (run.empty() || !std::all_of(run.begin(), run.end(), allowed) || !run_ok(run)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace

// One pass over the text, no backtracking: the address may be as long as a client makes it.
bool is_email(const std::string& text) {
  const auto at = text.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == text.size()) return false;
  const std::string_view local = std::string_view(text).substr(0, at);
  const std::string_view domain = std::string_view(text).substr(at + 1);
  const auto is_label_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  const auto label_ok = [](std::string_view label) { return label.front() != '-' && label.back() != '-'; };
  return dot_separated(local, is_atext, [](std::string_view) { return true; }) &&
         dot_separated(domain, is_label_char, label_ok);
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace orderflow::schema
