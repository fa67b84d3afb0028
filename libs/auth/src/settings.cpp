#include "orderflow/auth/settings.h"

namespace orderflow::auth {

AuthConfig AuthConfig::read(Settings& settings, const std::string& mode_variable, bool required_by_default,
                            bool with_rate_limits) {
  AuthConfig config;  // the defaults
  config.required =
      settings.choice(mode_variable, required_by_default ? "api_keys" : "open", {"api_keys", "open"},
                      "api_keys: requests need Authorization: Bearer <key> (orderflow-keys creates them); "
                      "open: anyone may call") == "api_keys";
  config.refresh = settings.millis("API_KEYS_REFRESH_MS", config.refresh,
                                   "how often API keys are reloaded, so created and revoked keys take effect");
  if (!with_rate_limits) {
    config.guard.rate_limits = false;
    return config;
  }
  config.guard.rate_limits = settings.flag("RATE_LIMITS", config.guard.rate_limits,
                                           "limit each API key's request rate (token buckets in Redis)");
  config.guard.default_limit.per_second = static_cast<double>(
      settings.integer("RATE_LIMIT_PER_SECOND", static_cast<long long>(config.guard.default_limit.per_second), 1,
                       10'000'000, "requests per second a key may make, unless the key sets its own"));
  config.guard.default_limit.burst = static_cast<double>(
      settings.integer("RATE_LIMIT_BURST", static_cast<long long>(config.guard.default_limit.burst), 1, 100'000'000,
                       "requests a key may make at once above its rate, unless the key sets its own"));
  return config;
}

}  // namespace orderflow::auth
