#include "orderflow/common/time.h"

#include <cstdio>
#include <regex>

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

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  static const std::regex kPattern(
      R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kPattern)) return std::nullopt;
  auto number = [&](int group) { return std::stoi(m[group].str()); };

  const year_month_day date{year{number(1)}, month{static_cast<unsigned>(number(2))},
                            day{static_cast<unsigned>(number(3))}};
  const int hour = number(4), minute = number(5), second = number(6);
  // Second 60 is a leap second, which RFC 3339 allows; it is read as the last second of the minute.
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;

  Timestamp time = sys_days{date} + hours{hour} + minutes{minute} + seconds{std::min(second, 59)};
  if (m[7].matched) {
    std::string fraction = m[7].str().substr(1);
    fraction.resize(6, '0');
    time += microseconds{std::stoll(fraction)};
  }
  if (m[9].matched) {
    const int offset_hours = number(10), offset_minutes = number(11);
    if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
    const minutes offset{offset_hours * 60 + offset_minutes};
    time += m[9].str() == "+" ? -offset : offset;
  }
  return time;
}

}  // namespace orderflow
