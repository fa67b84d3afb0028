// Any header value -> TraceContext::parse. An accepted traceparent is exactly what it writes back.
#include <cstdint>
#include <string_view>

#include "orderflow/common/trace_context.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto context = orderflow::TraceContext::parse(text);
  if (context) FUZZ_CHECK(context->traceparent() == text);
  return 0;
}
