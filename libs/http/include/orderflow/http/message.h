#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The request and response a handler sees: plain values, no socket behind them, so handlers are
// unit-tested by building one. The server (server.h) fills a Request only after every limit has
// held: headers counted and sized, the path decoded to valid UTF-8 without NUL, the body complete
// and within its limit.
namespace orderflow::http {

struct CaseInsensitiveLess {
  using is_transparent = void;  // looked up by string_view, without building a std::string
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

// Who sent a request, as a route's guard established it (Server::Guard); empty on open routes.
struct Caller {
  std::string name;
  std::vector<std::string> scopes;  // what it may do; "*" for everything

  bool authenticated() const { return !name.empty(); }
  bool may(std::string_view scope) const;
};

inline constexpr std::size_t kMaxQueryArguments = 16;

struct Request {
  std::string method;                    // "GET", "POST", ... (HEAD is served as GET)
  std::string path;                      // as sent, before percent-decoding
  std::vector<std::string> path_params;  // the {placeholders} of the route, decoded, in order
  // The query's arguments, decoded (the first of a repeated name). At most kMaxQueryArguments, each
  // valid UTF-8 without NUL: the server answers 400 otherwise.
  std::map<std::string, std::string> query;
  Headers headers;
  std::string body;
  Caller caller;

  bool has_header(std::string_view name) const;
  // The first value of the header, or "" when it is absent.
  std::string get_header_value(std::string_view name) const;
  void set_header(const std::string& name, const std::string& value);
  // The query argument, or `fallback` when it is absent.
  std::string query_value(const std::string& name, const std::string& fallback = "") const;
};

struct Response {
  int status = 200;
  std::string body;
  Headers headers;

  void set_header(const std::string& name, const std::string& value);
  void set_content(std::string content, const std::string& content_type);
  bool has_header(std::string_view name) const;
  std::string get_header_value(std::string_view name) const;
};

}  // namespace orderflow::http
