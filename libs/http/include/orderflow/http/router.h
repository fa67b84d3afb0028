#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// Which route a request path names. Routes are path templates such as "/orders/{id}": literal
// segments and whole-segment placeholders, matched segment by segment (no regex, so the cost is
// linear in the path whatever a client sends). Placeholders are percent-decoded; a path whose
// decoding is not valid UTF-8 or holds NUL names no entity and is refused before any handler runs.
namespace orderflow::http {

// Percent-decodes one path segment; empty when an escape is malformed or the result holds NUL or
// is not valid UTF-8.
std::optional<std::string> decode_path_segment(std::string_view segment);

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kNoRoute, kBadPath };
    Kind kind = Kind::kNoRoute;
    std::size_t route = 0;  // index of the template, when found
    std::vector<std::string> params;
  };

  // Returns the index of the template; adding the same template twice returns the same index.
  std::size_t add(const std::string& path_template);
  Match match(std::string_view path) const;
  const std::string& name(std::size_t route) const { return templates_[route]; }

 private:
  std::vector<std::string> templates_;
  std::vector<std::vector<std::string>> segments_;  // "{...}" marks a placeholder
};

// The methods a server knows. Anything else is answered 501 and counted as "other", so a client
// inventing methods cannot grow the metrics without bound.
bool is_known_method(std::string_view method);
// The method as a metrics label: one of the known methods, or "other".
std::string_view method_label(std::string_view method);

}  // namespace orderflow::http
