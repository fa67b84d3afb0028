#include "orderflow/common/logger.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <vector>

#include "orderflow/common/time.h"

namespace orderflow::log {
namespace {

std::string g_service = "orderflow";
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::mutex g_output_mutex;
std::mutex g_secrets_mutex;
std::vector<std::string> g_secrets;  // each as is and as JSON escapes it
std::atomic<bool> g_has_secrets{false};

void mask_secrets(std::string& text) {
  std::lock_guard lock(g_secrets_mutex);
  for (const auto& secret : g_secrets) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::optional<Level> parse_level(std::string_view name) {
  for (Level level : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (name == level_name(level)) return level;
  }
  return std::nullopt;
}

void init(std::string service, Level level) {
  g_service = std::move(service);
  g_level = static_cast<int>(level);
}

void redact(const std::string& secret) {
  if (secret.size() < 6) return;
  const std::string escaped = nlohmann::json(secret).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(g_secrets_mutex);
  g_secrets.push_back(secret);
  g_secrets.push_back(escaped.substr(1, escaped.size() - 2));
  g_has_secrets = true;
}

bool enabled(Level level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  nlohmann::json line = {
      {"time", format_rfc3339(std::chrono::system_clock::now())},
      {"level", level_name(level)},
      {"service", g_service},
      {"msg", message},
  };
  if (fields.is_object()) line.update(fields);
  // Replacing invalid UTF-8 keeps a hostile payload from turning a log line into an exception.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (g_has_secrets.load(std::memory_order_relaxed)) mask_secrets(text);
  text.push_back('\n');
  std::lock_guard lock(g_output_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace orderflow::log
