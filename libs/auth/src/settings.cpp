#include "orderflow/auth/settings.h"

#include <fstream>
#include <sstream>

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
  const std::string issuer =
      settings.text("JWT_ISSUER", "", "accept JWTs from this issuer (iss) too; unset: API keys only");
  if (!issuer.empty()) {
    JwtOptions jwt;
    jwt.issuer = issuer;
    jwt.audience = settings.text("JWT_AUDIENCE", "", "the audience (aud) a JWT must name");
    jwt.hs256_secret = settings.secret("JWT_HS256_SECRET", "", "HS256 key JWTs are signed with (32 bytes or more)");
    const std::string public_key_file =
        settings.text("JWT_RS256_PUBLIC_KEY_FILE", "", "PEM public key RS256 JWTs are signed for (instead of HS256)");
    jwt.leeway = std::chrono::seconds(settings.integer("JWT_LEEWAY_SECONDS", jwt.leeway.count(), 0, 300,
                                                       "clock skew allowed on a JWT's exp and nbf"));
    if (!public_key_file.empty()) {
      std::ifstream in(public_key_file);
      std::stringstream pem;
      pem << in.rdbuf();
      jwt.rs256_public_key = pem.str();
      if (!in) jwt.rs256_public_key = "unreadable";  // refused by JwtVerifier with the setting's name
    }
    config.jwt = jwt;
  }
  if (!with_rate_limits) {
    config.guard.rate_limits = false;
    return config;
  }
  config.rate_limit_connections = static_cast<std::size_t>(
      settings.integer("RATE_LIMIT_REDIS_CONNECTIONS", static_cast<long long>(config.rate_limit_connections), 1, 256,
                       "Redis connections the token buckets are checked on (one request at a time each)"));
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
