#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "orderflow/auth/request_guard.h"
#include "orderflow/common/settings.h"

namespace orderflow::auth {

// How a service authenticates the routes it guards.
struct AuthConfig {
  bool required = true;                      // false: the routes are open to anyone
  std::chrono::milliseconds refresh{2'000};  // how soon a created or revoked key counts
  std::size_t rate_limit_connections = 8;    // Redis connections for the token buckets
  GuardOptions guard;
  std::optional<JwtOptions> jwt;  // JWTs accepted too, when JWT_ISSUER is set

  // `mode_variable` names the setting that turns authentication on (AUTH_MODE for the gateway's
  // writes, READ_AUTH for the read-api); `required_by_default` its default.
  static AuthConfig read(Settings& settings, const std::string& mode_variable, bool required_by_default,
                         bool with_rate_limits);
};

}  // namespace orderflow::auth
