#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace orderflow {

// Reads a service's configuration from environment variables. Every read names its variable, its
// default and what it does, so `--help` can list them all; a bad value is collected, and finish()
// reports every bad variable by name and stops start-up.
//
//   Settings settings("gateway", argc, argv);
//   config.port = settings.integer("HTTP_PORT", 8080, 1, 65535, "port the HTTP API listens on");
//   settings.finish();  // prints --help or the errors and exits if needed
class Settings {
 public:
  // getenv is injectable for tests; by default it is the process environment.
  using Lookup = std::function<const char*(const char*)>;

  Settings(std::string service, int argc, char** argv, Lookup lookup = nullptr);

  std::string text(const std::string& name, const std::string& fallback, const std::string& help);
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max,
                       const std::string& help);
  bool flag(const std::string& name, bool fallback, const std::string& help);
  std::chrono::milliseconds millis(const std::string& name, std::chrono::milliseconds fallback,
                                   const std::string& help);
  // One of `choices`.
  std::string choice(const std::string& name, const std::string& fallback, const std::vector<std::string>& choices,
                     const std::string& help);

  // A credential (password, key, a URL holding one): from NAME, or from the file NAME_FILE names, as
  // Kubernetes and Docker mount secrets (one trailing newline dropped). Setting both is an error.
  // The value is never echoed: not in --help, not in an error.
  std::string secret(const std::string& name, const std::string& fallback, const std::string& help);

  const std::vector<std::string>& errors() const { return errors_; }
  std::string help_text() const;

  // With --help: prints help_text() and exits 0. With errors: prints them and exits 2.
  void finish() const;

 private:
  struct Entry {
    std::string name;
    std::string fallback;
    std::string help;
  };
  const char* raw(const std::string& name, const std::string& fallback, const std::string& help);

  std::string service_;
  bool help_requested_ = false;
  Lookup lookup_;
  std::vector<Entry> entries_;
  std::vector<std::string> errors_;
};

}  // namespace orderflow

namespace orderflow {

// LOG_LEVEL, then log::init(service, level). Call first, so later start-up steps log as configured.
void init_logging(Settings& settings, const std::string& service);

}  // namespace orderflow
