#include "orderflow/common/decimal.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace orderflow {
namespace {

constexpr Int128 pow10(int exponent) {
  Int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

constexpr Int128 kCoefficientLimit = pow10(Decimal::kMaxDigits);

Int128 magnitude(Int128 value) {
  return value < 0 ? -value : value;
}

}  // namespace

Decimal Decimal::from_integer(std::int64_t value) {
  return Decimal(value, 0);
}

std::optional<Decimal> Decimal::make(Int128 coefficient, int scale) {
  if (scale < 0 || scale > kMaxScale || magnitude(coefficient) >= kCoefficientLimit) return std::nullopt;
  return Decimal(coefficient, scale);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  const bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;

  // Integer part: "0" or a non-zero digit followed by digits, as JSON requires.
  const std::size_t int_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  const std::size_t int_len = i - int_start;
  if (int_len == 0 || (int_len > 1 && text[int_start] == '0')) return std::nullopt;

  std::string digits(text.substr(int_start, int_len));
  int scale = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == frac_start) return std::nullopt;
    digits.append(text.substr(frac_start, i - frac_start));
    scale = static_cast<int>(i - frac_start);
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    const std::size_t exp_start = i;
    int exponent = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      exponent = exponent * 10 + (text[i++] - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (i == exp_start) return std::nullopt;
    scale += exponent_negative ? exponent : -exponent;
  }
  if (i != text.size()) return std::nullopt;

  // A positive exponent beyond the fraction becomes trailing zeros of the coefficient.
  if (scale < 0) {
    digits.append(static_cast<std::size_t>(-scale), '0');
    scale = 0;
  }
  const auto first_nonzero = digits.find_first_not_of('0');
  const std::string_view significant =
      first_nonzero == std::string::npos ? std::string_view("0") : std::string_view(digits).substr(first_nonzero);
  if (significant.size() > static_cast<std::size_t>(kMaxDigits)) return std::nullopt;

  Int128 coefficient = 0;
  for (char c : significant) coefficient = coefficient * 10 + (c - '0');
  return make(negative ? -coefficient : coefficient, scale);
}

std::string Decimal::to_string() const {
  Int128 value = magnitude(coefficient_);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  while (static_cast<int>(digits.size()) <= scale_) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale_ > 0) digits.insert(digits.end() - scale_, '.');
  if (coefficient_ < 0) digits.insert(digits.begin(), '-');
  return digits;
}

int Decimal::significant_scale() const {
  int scale = scale_;
  Int128 value = coefficient_;
  while (scale > 0 && value % 10 == 0) {
    value /= 10;
    --scale;
  }
  return scale;
}

std::optional<std::int64_t> Decimal::to_int64() const {
  if (significant_scale() != 0) return std::nullopt;
  const Int128 value = coefficient_ / pow10(scale_);
  if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

std::optional<Decimal> Decimal::plus(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  return make(coefficient_ * pow10(scale - scale_) + other.coefficient_ * pow10(scale - other.scale_), scale);
}

std::optional<Decimal> Decimal::times(const Decimal& other) const {
  return make(coefficient_ * other.coefficient_, scale_ + other.scale_);
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  return coefficient_ * pow10(scale - scale_) <=> other.coefficient_ * pow10(scale - other.scale_);
}

}  // namespace orderflow
