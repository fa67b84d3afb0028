#include "ref_resolution.h"

#include <vector>

#include "formats.h"

namespace orderflow::schema {
namespace {

// "events/order_placed.v1.json" + "envelope.v1.json" -> "events/envelope.v1.json";
// "api/x.json" + "../events/y.json" -> "events/y.json".
std::string resolve_path(const std::string& from_document, const std::string& reference) {
  std::vector<std::string> parts;
  const auto slash = from_document.rfind('/');
  std::string joined = (slash == std::string::npos ? "" : from_document.substr(0, slash + 1)) + reference;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const auto end = std::min(joined.find('/', start), joined.size());
    const std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

}  // namespace

RefTarget resolve_ref(const Registry& registry, const std::string& from_document, const std::string& reference) {
  const auto hash = reference.find('#');
  const std::string document_part = reference.substr(0, hash);
  const std::string pointer = hash == std::string::npos ? "" : reference.substr(hash + 1);
  const std::string document = document_part.empty() ? from_document : resolve_path(from_document, document_part);
  const nlohmann::json& root = registry.document(document);
  const nlohmann::json::json_pointer location{percent_decode(pointer)};
  if (!root.contains(location)) throw SchemaError("$ref '" + reference + "' points at nothing");
  return {&root.at(location), document};
}

}  // namespace orderflow::schema
