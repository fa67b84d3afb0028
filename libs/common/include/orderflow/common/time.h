#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace orderflow {

// "2025-10-06T17:00:00.123Z": UTC with milliseconds.
std::string format_rfc3339(std::chrono::system_clock::time_point time);

// An instant with microsecond precision, PostgreSQL's. Unlike system_clock's nanoseconds, which
// overflow after the year 2262, it holds every date a client can write (years 0000 to 9999).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// Parses an RFC 3339 date-time ("2024-10-01T12:34:56Z", "2024-10-01T12:34:56.5+02:00"); digits
// beyond microseconds are truncated. Empty when the text is not one, including impossible dates
// such as 2025-02-30.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace orderflow
