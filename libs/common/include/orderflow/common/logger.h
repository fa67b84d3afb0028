#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

// One JSON object per line on stderr: {"time","level","service","msg", ...fields}. Event work adds
// eventId, eventType, partition and offset so one event can be followed with one grep.
namespace orderflow::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Empty when the name is not one of debug, info, warn, error.
std::optional<Level> parse_level(std::string_view name);

// Called once at start-up, before any other thread logs.
void init(std::string service, Level level);

// Lines written from now on show "***" wherever `secret` (as is, or as escaped in JSON) would have
// appeared. Settings::secret calls it for every credential a service reads, so an error message that
// quotes one (a connection string in a driver's error) cannot leak it. Secrets shorter than 6
// characters are not registered: they would mask ordinary words.
void redact(const std::string& secret);

bool enabled(Level level);
void write(Level level, std::string_view message, const nlohmann::json& fields);

inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::kDebug, m, f);
}
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::kInfo, m, f);
}
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::kWarn, m, f);
}
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
  write(Level::kError, m, f);
}

}  // namespace orderflow::log
