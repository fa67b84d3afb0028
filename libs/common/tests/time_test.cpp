#include "orderflow/common/time.h"

#include <gtest/gtest.h>

namespace orderflow {
namespace {

using namespace std::chrono;

TEST(Rfc3339, ParsesUtcAndOffsetsToTheSameInstant) {
  EXPECT_EQ(parse_rfc3339("2025-10-06T17:00:00Z"), parse_rfc3339("2025-10-06T19:00:00+02:00"));
  EXPECT_EQ(parse_rfc3339("2025-10-06T17:00:00Z"), parse_rfc3339("2025-10-06T12:30:00-04:30"));
}

TEST(Rfc3339, KeepsFractionalSeconds) {
  const auto whole = parse_rfc3339("2025-10-06T17:00:00Z").value();
  EXPECT_EQ(parse_rfc3339("2025-10-06T17:00:00.25Z").value() - whole, milliseconds(250));
}

TEST(Rfc3339, RejectsImpossibleAndMalformedDates) {
  for (const char* bad :
       {"2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-10-06T24:00:00Z", "2025-10-06 17:00:00Z",
        "2025-10-06T17:00:00", "2025-10-06", "yesterday", "2025-10-06T17:00:00+2:00", ""}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, FarFutureDatesDoNotOverflow) {
  const auto far = parse_rfc3339("2999-01-01T00:00:00Z");
  ASSERT_TRUE(far.has_value());
  EXPECT_GT(*far, floor<microseconds>(system_clock::now()));
  EXPECT_TRUE(parse_rfc3339("9999-12-31T23:59:59.999999Z").has_value());
}

TEST(Rfc3339, ALeapSecondIsTakenOnlyAt2359Utc) {
  EXPECT_TRUE(parse_rfc3339("2016-12-31T23:59:60Z").has_value());
  EXPECT_TRUE(parse_rfc3339("2016-12-31T15:59:60-08:00").has_value());  // 23:59:60 UTC
  EXPECT_FALSE(parse_rfc3339("2025-10-20T10:00:60Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2016-12-31T23:59:60+01:00").has_value());  // 22:59:60 UTC
}

TEST(Rfc3339, AcceptsLeapDays) {
  EXPECT_TRUE(parse_rfc3339("2024-02-29T23:59:59Z").has_value());
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  const auto time = sys_days{year{2025} / 10 / 6} + hours{17} + milliseconds{123};
  EXPECT_EQ(format_rfc3339(time_point_cast<system_clock::duration>(time)), "2025-10-06T17:00:00.123Z");
}

}  // namespace
}  // namespace orderflow
