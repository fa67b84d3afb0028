#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "orderflow/auth/jwt_verifier.h"
#include "orderflow/auth/key_directory.h"
#include "orderflow/auth/rate_limiter.h"
#include "orderflow/http/server.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::auth {

struct GuardOptions {
  RateLimit default_limit{.per_second = 200, .burst = 400};  // for keys without their own
  bool rate_limits = true;
};

// What every authenticated route runs before its handler (http::Server::Guard):
//   no credential, or not `Bearer`       -> 401 unauthenticated, WWW-Authenticate: Bearer realm="orderflow"
//   an unknown or revoked key             -> 401 invalid_api_key, ... error="invalid_token"
//   with `jwt`, a JWT it does not accept  -> 401 invalid_token (expired, wrong issuer, audience, signature)
//   the client's token bucket is empty    -> 429 rate_limited, Retry-After and RateLimit-* headers
//   otherwise Request::caller names the client and its event types, and RateLimit-* headers are set.
// When Redis, which holds the buckets, is unavailable, each replica limits from its own memory
// (LocalRateLimiter) and counts it (rate_limit_unavailable_total). When the keys have not been
// reloaded for longer than the directory allows, 503 credentials_unavailable: a revoked key must
// not keep working through a long database outage.
// Metrics name the client: the key's name, or "jwt" for every token (subjects are not bounded).
class RequestGuard {
 public:
  // `jwt` (optional): bearer tokens that look like JWTs are verified by it instead of the keys.
  RequestGuard(const KeyDirectory& keys, RateLimiter* limiter, GuardOptions options, metrics::Registry& registry,
               const JwtVerifier* jwt = nullptr);

  bool admit(http::Request& request, http::Response& response) {
    return check(request, response, true) == http::Server::Admission::kAdmitted;
  }
  // As admit(); where `may_wait` is false, kWouldWait when the rate limit needs Redis.
  http::Server::Admission check(http::Request& request, http::Response& response, bool may_wait);
  http::Server::Guard as_guard() {
    return [this](http::Request& request, http::Response& response, bool may_wait) {
      return check(request, response, may_wait);
    };
  }

 private:
  const KeyDirectory& keys_;
  RateLimiter* limiter_;
  LocalRateLimiter fallback_;  // while `limiter_` fails
  const JwtVerifier* jwt_;
  GuardOptions options_;
  prometheus::Family<prometheus::Counter>& refused_;    // authentication_failures_total{reason}
  prometheus::Family<prometheus::Counter>& by_client_;  // client_requests_total{client,outcome}
  prometheus::Counter& limiter_unavailable_;            // rate_limit_unavailable_total
  std::atomic<bool> limiter_failing_{false};
};

// 403 for a caller that may not do `what`, as RFC 6750 words it (error="insufficient_scope").
void reply_forbidden(http::Response& response, const std::string& what);

}  // namespace orderflow::auth
