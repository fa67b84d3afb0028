#include "orderflow/common/decimal.h"

#include <gtest/gtest.h>

namespace orderflow {
namespace {

std::string round_trip(std::string_view text) {
  return Decimal::parse(text).value().to_string();
}

TEST(Decimal, KeepsTheTextItWasGivenIncludingScale) {
  EXPECT_EQ(round_trip("149.99"), "149.99");
  EXPECT_EQ(round_trip("100.10"), "100.10");
  EXPECT_EQ(round_trip("0.01"), "0.01");
  EXPECT_EQ(round_trip("-0.5"), "-0.5");
  EXPECT_EQ(round_trip("7"), "7");
  EXPECT_EQ(round_trip("0"), "0");
}

TEST(Decimal, ReadsExponentsExactly) {
  EXPECT_EQ(round_trip("1e2"), "100");
  EXPECT_EQ(round_trip("1.5E+3"), "1500");
  EXPECT_EQ(round_trip("5e-2"), "0.05");
  EXPECT_EQ(round_trip("12.5e-1"), "1.25");
}

TEST(Decimal, ValuesThatBinaryFloatsCannotHoldStayExact) {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
  const auto sum = Decimal::parse("0.1")->plus(*Decimal::parse("0.2"));
  EXPECT_EQ(sum->to_string(), "0.3");
  EXPECT_EQ(round_trip("9999999999999999.99"), "9999999999999999.99");
}

TEST(Decimal, RejectsWhatIsNotAJsonNumber) {
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "+1", "1,5", "NaN", "inf", "1e5x", " 1", "0x10"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, RejectsValuesBeyondItsRange) {
  EXPECT_FALSE(Decimal::parse("12345678901234567890").has_value());   // 20 significant digits
  EXPECT_FALSE(Decimal::parse("0.0000000000000000001").has_value());  // scale 19
  EXPECT_FALSE(Decimal::parse("1e400").has_value());
}

TEST(Decimal, ComparesByValueNotByText) {
  EXPECT_EQ(*Decimal::parse("1.5"), *Decimal::parse("1.50"));
  EXPECT_LT(*Decimal::parse("0.99"), *Decimal::parse("1"));
  EXPECT_GT(*Decimal::parse("-1"), *Decimal::parse("-1.01"));
}

TEST(Decimal, MultipliesAndAddsExactly) {
  const auto line = Decimal::parse("19.99")->times(Decimal::from_integer(3));
  EXPECT_EQ(line->to_string(), "59.97");
  EXPECT_EQ(line->plus(*Decimal::parse("0.030"))->to_string(), "60.000");
}

TEST(Decimal, ReportsOverflowInsteadOfWrapping) {
  const auto big = Decimal::parse("9999999999999999999");
  EXPECT_FALSE(big->times(*big).has_value());
  EXPECT_FALSE(big->plus(*big).has_value());
}

TEST(Decimal, SignificantScaleIgnoresTrailingZeros) {
  EXPECT_EQ(Decimal::parse("2.50")->significant_scale(), 1);
  EXPECT_EQ(Decimal::parse("3.00")->significant_scale(), 0);
  EXPECT_EQ(Decimal::parse("0.125")->significant_scale(), 3);
}

}  // namespace
}  // namespace orderflow
