#include "orderflow/common/trace_context.h"

#include <random>
#include <regex>

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

}  // namespace

std::optional<TraceContext> TraceContext::parse(std::string_view traceparent) {
  static const std::regex kFormat("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(traceparent.begin(), traceparent.end(), m, kFormat)) return std::nullopt;
  TraceContext context{m[1].str(), m[2].str(), m[3].str()};
  if (context.trace_id.find_first_not_of('0') == std::string::npos ||
      context.span_id.find_first_not_of('0') == std::string::npos) {
    return std::nullopt;
  }
  return context;
}

TraceContext TraceContext::create() { return {random_hex(32), random_hex(16), "01"}; }

TraceContext TraceContext::child() const { return {trace_id, random_hex(16), flags}; }

std::string TraceContext::traceparent() const { return "00-" + trace_id + "-" + span_id + "-" + flags; }

}  // namespace orderflow
