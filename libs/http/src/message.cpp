#include "orderflow/http/message.h"

#include <algorithm>

namespace orderflow::http {
namespace {

std::string first_value(const Headers& headers, std::string_view name) {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

void replace(Headers& headers, const std::string& name, const std::string& value) {
  headers.erase(name);
  headers.emplace(name, value);
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  // Header names are ASCII tokens (RFC 9110 section 5.1): folded here without std::tolower's
  // locale lookup, a call per character on every header map access.
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [&](char x, char y) {
    return static_cast<unsigned char>(fold(x)) < static_cast<unsigned char>(fold(y));
  });
}

bool Caller::may(std::string_view scope) const {
  for (const auto& granted : scopes) {
    if (granted == "*" || granted == scope) return true;
  }
  return false;
}

bool Request::has_header(std::string_view name) const {
  return headers.find(name) != headers.end();
}
std::string Request::get_header_value(std::string_view name) const {
  return first_value(headers, name);
}

void Request::set_header(const std::string& name, const std::string& value) {
  replace(headers, name, value);
}
void Response::set_header(const std::string& name, const std::string& value) {
  replace(headers, name, value);
}

void Response::set_content(std::string content, const std::string& content_type) {
  body = std::move(content);
  set_header("Content-Type", content_type);
}

bool Response::has_header(std::string_view name) const {
  return headers.find(name) != headers.end();
}
std::string Response::get_header_value(std::string_view name) const {
  return first_value(headers, name);
}

std::string Request::query_value(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

}  // namespace orderflow::http
