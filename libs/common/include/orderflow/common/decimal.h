#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orderflow {

// 128-bit arithmetic, a GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef __int128 Int128;

// An exact decimal number: coefficient × 10^-scale. Money in orderflow is always a Decimal, read
// from the text of a JSON number or a PostgreSQL numeric, never from a binary float.
//
// The scale given is kept ("10.50" stays "10.50"), so amounts read back look as they were sent.
// Coefficients are bounded by kMaxDigits significant digits and scales by kMaxScale, far beyond
// any real amount; within those bounds every aligned sum, product and comparison fits in 128 bits.
class Decimal {
 public:
  static constexpr int kMaxDigits = 19;
  static constexpr int kMaxScale = 18;

  Decimal() = default;
  static Decimal from_integer(std::int64_t value);

  // Parses JSON number syntax ("-12.30", "1e3", "5E-2"). Empty when the text is not a number or
  // is beyond kMaxDigits / kMaxScale.
  static std::optional<Decimal> parse(std::string_view text);

  // The shortest text with the decimal's own scale: "149.99", "-0.5", "100".
  std::string to_string() const;

  int scale() const { return scale_; }
  // Decimal places that carry a non-zero digit: 1 for "2.50", 0 for "3.00".
  int significant_scale() const;
  // The value as a 64-bit integer; empty when it has a non-zero fraction or is beyond 64 bits.
  std::optional<std::int64_t> to_int64() const;
  int sign() const { return coefficient_ > 0 ? 1 : (coefficient_ < 0 ? -1 : 0); }

  // Empty when the exact result would exceed kMaxDigits or kMaxScale.
  std::optional<Decimal> plus(const Decimal& other) const;
  std::optional<Decimal> times(const Decimal& other) const;

  // Numeric comparison: 1.5 == 1.50.
  std::strong_ordering operator<=>(const Decimal& other) const;
  bool operator==(const Decimal& other) const { return (*this <=> other) == 0; }

 private:
  Decimal(Int128 coefficient, int scale) : coefficient_(coefficient), scale_(scale) {}
  static std::optional<Decimal> make(Int128 coefficient, int scale);

  Int128 coefficient_ = 0;
  int scale_ = 0;
};

}  // namespace orderflow
