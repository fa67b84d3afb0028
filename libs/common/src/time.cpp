#include "orderflow/common/time.h"

#include <cstdio>

namespace orderflow {

std::string format_rfc3339(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(time);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buffer;
}

namespace {

// Reads `count` digits at text[at], advancing `at`; -1 when they are not all digits.
int digits(std::string_view text, std::size_t& at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  at += count;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char a, char b = '\0') {
  if (at >= text.size() || (text[at] != a && (b == '\0' || text[at] != b))) return false;
  ++at;
  return true;
}

}  // namespace

// A hand-written reader of RFC 3339's grammar: every event carries several timestamps, and each
// is checked twice (schema format, business rule), so this sits on the validator's hot path.
std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  std::size_t at = 0;
  const int y = digits(text, at, 4);
  if (y < 0 || !expect(text, at, '-')) return std::nullopt;
  const int mo = digits(text, at, 2);
  if (mo < 0 || !expect(text, at, '-')) return std::nullopt;
  const int d = digits(text, at, 2);
  if (d < 0 || !expect(text, at, 'T', 't')) return std::nullopt;
  const int hour = digits(text, at, 2);
  if (hour < 0 || !expect(text, at, ':')) return std::nullopt;
  const int minute = digits(text, at, 2);
  if (minute < 0 || !expect(text, at, ':')) return std::nullopt;
  const int second = digits(text, at, 2);
  if (second < 0) return std::nullopt;

  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  // Second 60 is a leap second, which RFC 3339 allows only at 23:59 UTC (checked once the offset is
  // known); it is read as the last second of the minute.
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  Timestamp time = sys_days{date} + hours{hour} + minutes{minute} + seconds{std::min(second, 59)};

  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t start = at;
    long long micros = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (at - start < 6) micros = micros * 10 + (text[at] - '0');  // digits past microseconds are dropped
      ++at;
    }
    const std::size_t count = at - start;
    if (count == 0 || count > 9) return std::nullopt;
    for (std::size_t i = count; i < 6; ++i) micros *= 10;
    time += microseconds{micros};
  }
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const bool ahead = text[at++] == '+';
    const int offset_hours = digits(text, at, 2);
    if (offset_hours < 0 || !expect(text, at, ':')) return std::nullopt;
    const int offset_minutes = digits(text, at, 2);
    if (offset_minutes < 0 || offset_hours > 23 || offset_minutes > 59) return std::nullopt;
    const minutes offset{offset_hours * 60 + offset_minutes};
    time += ahead ? -offset : offset;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  if (second == 60 && floor<minutes>(time) - floor<days>(time) != hours{23} + minutes{59}) return std::nullopt;
  return time;
}

}  // namespace orderflow
