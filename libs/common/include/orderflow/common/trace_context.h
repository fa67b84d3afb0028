#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orderflow {

// A W3C Trace Context (https://www.w3.org/TR/trace-context/) "traceparent":
// 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>. The trace id follows one request
// through every service: it is accepted (or created) by the gateway, carried in a Kafka header
// and logged as traceId.
struct TraceContext {
  std::string trace_id;  // 32 lowercase hex digits, not all zero
  std::string span_id;   // 16 lowercase hex digits, not all zero
  std::string flags = "01";

  // Empty for anything that is not a valid version-00 traceparent.
  static std::optional<TraceContext> parse(std::string_view traceparent);
  static TraceContext create();
  // The same trace with a new span: what a service passes on.
  TraceContext child() const;
  std::string traceparent() const;
};

}  // namespace orderflow
