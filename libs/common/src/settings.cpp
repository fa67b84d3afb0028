#include "orderflow/common/settings.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "orderflow/common/logger.h"

namespace orderflow {

Settings::Settings(std::string service, int argc, char** argv, Lookup lookup)
    : service_(std::move(service)), lookup_(lookup ? std::move(lookup) : Lookup(&std::getenv)) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
    } else {
      errors_.push_back("unknown argument '" + std::string(arg) +
                        "': configuration comes from environment variables, see --help");
    }
  }
}

const char* Settings::raw(const std::string& name, const std::string& fallback, const std::string& help) {
  entries_.push_back({name, fallback, help});
  const char* value = lookup_(name.c_str());
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

std::string Settings::text(const std::string& name, const std::string& fallback, const std::string& help) {
  const char* value = raw(name, fallback, help);
  return value ? value : fallback;
}

std::int64_t Settings::integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max,
                               const std::string& help) {
  const char* value = raw(name, std::to_string(fallback), help);
  if (!value) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long parsed = std::strtoll(value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || parsed < min || parsed > max) {
    errors_.push_back(name + "='" + value + "' is not a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max));
    return fallback;
  }
  return parsed;
}

bool Settings::flag(const std::string& name, bool fallback, const std::string& help) {
  const char* value = raw(name, fallback ? "true" : "false", help);
  if (!value) return fallback;
  const std::string_view v = value;
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  errors_.push_back(name + "='" + std::string(v) + "' is not true or false");
  return fallback;
}

std::chrono::milliseconds Settings::millis(const std::string& name, std::chrono::milliseconds fallback,
                                           const std::string& help) {
  return std::chrono::milliseconds(integer(name, fallback.count(), 0, 86'400'000, help + " (milliseconds)"));
}

std::string Settings::choice(const std::string& name, const std::string& fallback,
                             const std::vector<std::string>& choices, const std::string& help) {
  std::string all;
  for (const auto& c : choices) all += (all.empty() ? "" : "|") + c;
  const char* value = raw(name, fallback, help + " (" + all + ")");
  if (!value) return fallback;
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    errors_.push_back(name + "='" + value + "' is not one of " + all);
    return fallback;
  }
  return value;
}

namespace {

// The secret is kept out of the log, and so is the password of a URL (scheme://user:password@host).
std::string redacted(std::string secret) {
  log::redact(secret);
  const auto scheme = secret.find("://");
  const auto at = secret.find('@', scheme == std::string::npos ? 0 : scheme);
  if (scheme != std::string::npos && at != std::string::npos) {
    const std::string user_info = secret.substr(scheme + 3, at - scheme - 3);
    const auto colon = user_info.find(':');
    if (colon != std::string::npos) log::redact(user_info.substr(colon + 1));
  }
  return secret;
}

}  // namespace

std::string Settings::secret(const std::string& name, const std::string& fallback, const std::string& help) {
  const std::string file_name = name + "_FILE";
  const char* value = raw(name, fallback.empty() ? "" : "(hidden)", help + "; or the file named by " + file_name);
  const char* file = lookup_(file_name.c_str());
  if (file == nullptr || *file == '\0') return redacted(value ? value : fallback);
  if (value) {
    errors_.push_back(name + " and " + file_name + " are both set; set one");
    return fallback;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream content;
  if (!in || !(content << in.rdbuf())) {
    errors_.push_back(file_name + "='" + file + "' cannot be read");
    return fallback;
  }
  std::string text = content.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return redacted(text);
}

std::string Settings::help_text() const {
  std::string out = "orderflow " + service_ + "\n\nConfigured by environment variables:\n";
  for (const auto& e : entries_) {
    out += "  " + e.name + std::string(e.name.size() < 30 ? 30 - e.name.size() : 1, ' ') + e.help;
    out += e.fallback.empty() ? " (no default)\n" : " (default: " + e.fallback + ")\n";
  }
  return out;
}

void Settings::finish() const {
  if (help_requested_) {
    std::fputs(help_text().c_str(), stdout);
    std::exit(0);
  }
  if (!errors_.empty()) {
    for (const auto& e : errors_)
      std::fprintf(stderr, "orderflow %s: configuration error: %s\n", service_.c_str(), e.c_str());
    std::exit(2);
  }
}

}  // namespace orderflow

namespace orderflow {

void init_logging(Settings& settings, const std::string& service) {
  const std::string level = settings.choice("LOG_LEVEL", "info", {"debug", "info", "warn", "error"}, "log level");
  log::init(service, log::parse_level(level).value_or(log::Level::kInfo));
}

}  // namespace orderflow
