#include "orderflow/http/router.h"

#include <array>

#include "orderflow/common/utf8.h"

namespace orderflow::http {
namespace {

// RFC 9110's methods, PATCH, and QUERY (the IETF's safe query method): a path answers 405 with
// Allow for these, 501 for any other method.
constexpr std::array<std::string_view, 10> kKnownMethods = {"GET",    "HEAD",    "POST",  "PUT",     "PATCH",
                                                            "DELETE", "OPTIONS", "TRACE", "CONNECT", "QUERY"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  std::size_t start = 1;
  while (true) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

bool is_placeholder(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<std::string> decode_path_segment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out.push_back(segment[i]);
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    const int high = hex_value(segment[i + 1]);
    const int low = hex_value(segment[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  if (out.find('\0') != std::string::npos || to_valid_utf8(out) != out) return std::nullopt;
  return out;
}

std::size_t Router::add(const std::string& path_template) {
  for (std::size_t i = 0; i < templates_.size(); ++i) {
    if (templates_[i] == path_template) return i;
  }
  templates_.push_back(path_template);
  std::vector<std::string> segments;
  for (const auto s : split_segments(path_template)) segments.emplace_back(s);
  segments_.push_back(std::move(segments));
  return templates_.size() - 1;
}

Router::Match Router::match(std::string_view path) const {
  Match result;
  const auto segments = split_segments(path);
  if (segments.empty()) return result;
  for (std::size_t r = 0; r < segments_.size(); ++r) {
    const auto& pattern = segments_[r];
    if (pattern.size() != segments.size()) continue;
    std::vector<std::string> params;
    bool matched = true;
    for (std::size_t i = 0; i < pattern.size() && matched; ++i) {
      if (is_placeholder(pattern[i])) {
        if (segments[i].empty()) {
          matched = false;
          break;
        }
        auto decoded = decode_path_segment(segments[i]);
        if (!decoded) return {Match::Kind::kBadPath, 0, {}};
        params.push_back(std::move(*decoded));
      } else {
        matched = segments[i] == pattern[i];
      }
    }
    if (matched) return {Match::Kind::kFound, r, std::move(params)};
  }
  return result;
}

bool is_known_method(std::string_view method) {
  for (const auto known : kKnownMethods) {
    if (method == known) return true;
  }
  return false;
}

std::string_view method_label(std::string_view method) {
  for (const auto known : kKnownMethods) {
    if (method == known) return known;
  }
  return "other";
}

}  // namespace orderflow::http
