#include "orderflow/common/trace_context.h"

#include <gtest/gtest.h>

namespace orderflow {
namespace {

TEST(TraceContext, ParsesAValidTraceparent) {
  const auto context = TraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context->span_id, "00f067aa0ba902b7");
  EXPECT_EQ(context->traceparent(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(TraceContext, RefusesWhatTheSpecRefuses) {
  for (const char* bad : {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "garbage"}) {
    EXPECT_FALSE(TraceContext::parse(bad).has_value()) << bad;
  }
}

TEST(TraceContext, ChildrenKeepTheTraceAndChangeTheSpan) {
  const auto parent = TraceContext::create();
  ASSERT_TRUE(TraceContext::parse(parent.traceparent()));
  const auto child = parent.child();
  EXPECT_EQ(child.trace_id, parent.trace_id);
  EXPECT_NE(child.span_id, parent.span_id);
}

}  // namespace
}  // namespace orderflow
