// Any request path -> the router. A placeholder it hands to a handler is valid UTF-8 without NUL.
#include <cstdint>
#include <string_view>

#include "orderflow/common/utf8.h"
#include "orderflow/http/router.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace orderflow::http;
  static const Router router = [] {
    Router r;
    for (const char* t :
         {"/health", "/orders/{id}", "/users/{id}", "/inventory/{sku}", "/events/{id}", "/a/{x}/b/{y}"}) {
      r.add(t);
    }
    return r;
  }();
  const std::string_view path(reinterpret_cast<const char*>(data), size);
  const auto match = router.match(path);
  for (const auto& param : match.params) {
    FUZZ_CHECK(param.find('\0') == std::string::npos);
    FUZZ_CHECK(orderflow::to_valid_utf8(param) == param);
  }
  (void)method_label(path);
  return 0;
}
