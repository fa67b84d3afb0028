#include "orderflow/common/trace_context.h"

#include <random>

namespace orderflow {
namespace {

std::string random_hex(std::size_t digits) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  while (out.size() < digits) {
    std::uint64_t bits = random();
    for (int i = 0; i < 16 && out.size() < digits; ++i, bits >>= 4) out.push_back(kHex[bits & 15]);
  }
  if (out.find_first_not_of('0') == std::string::npos) out.back() = '1';  // all zeros is invalid
  return out;
}

bool is_lower_hex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

// W3C Trace Context, version 00: "00-<32 hex trace id>-<16 hex span id>-<2 hex flags>", 55 bytes.
// Read by position, so any header value costs at most one length check.
std::optional<TraceContext> TraceContext::parse(std::string_view traceparent) {
  if (traceparent.size() != 55 || traceparent.substr(0, 3) != "00-" || traceparent[35] != '-' ||
      traceparent[52] != '-') {
    return std::nullopt;
  }
  const auto trace_id = traceparent.substr(3, 32);
  const auto span_id = traceparent.substr(36, 16);
  const auto flags = traceparent.substr(53, 2);
  if (!is_lower_hex(trace_id) || !is_lower_hex(span_id) || !is_lower_hex(flags)) return std::nullopt;
  TraceContext context{std::string(trace_id), std::string(span_id), std::string(flags)};
  if (context.trace_id.find_first_not_of('0') == std::string::npos ||
      context.span_id.find_first_not_of('0') == std::string::npos) {
    return std::nullopt;
  }
  return context;
}

TraceContext TraceContext::create() {
  return {random_hex(32), random_hex(16), "01"};
}

TraceContext TraceContext::child() const {
  return {trace_id, random_hex(16), flags};
}

std::string TraceContext::traceparent() const {
  return "00-" + trace_id + "-" + span_id + "-" + flags;
}

}  // namespace orderflow
