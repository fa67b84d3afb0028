#include "orderflow/auth/request_guard.h"

#include <cmath>
#include <cstdio>

#include "orderflow/auth/api_key.h"
#include "orderflow/common/logger.h"

namespace orderflow::auth {
namespace {

constexpr const char* kChallenge = R"(Bearer realm="orderflow")";

std::string whole_seconds(std::chrono::milliseconds wait) {
  return std::to_string(std::max<long long>(1, (wait.count() + 999) / 1000));
}

void set_rate_headers(http::Response& response, const RateDecision& decision) {
  response.set_header("RateLimit-Limit", std::to_string(static_cast<long long>(decision.limit)));
  response.set_header("RateLimit-Remaining", std::to_string(static_cast<long long>(std::floor(decision.remaining))));
  response.set_header("RateLimit-Reset", std::to_string((decision.reset.count() + 999) / 1000));
}

}  // namespace

RequestGuard::RequestGuard(const KeyDirectory& keys, RateLimiter* limiter, GuardOptions options,
                           metrics::Registry& registry, const JwtVerifier* jwt)
    : keys_(keys),
      limiter_(limiter),
      jwt_(jwt),
      options_(options),
      refused_(prometheus::BuildCounter()
                   .Name("authentication_failures_total")
                   .Help("Requests refused 401, by reason (missing, invalid)")
                   .Register(registry)),
      by_client_(prometheus::BuildCounter()
                     .Name("client_requests_total")
                     .Help("Authenticated requests by client (the key's name) and outcome (admitted, rate_limited)")
                     .Register(registry)),
      limiter_unavailable_(
          prometheus::BuildCounter()
              .Name("rate_limit_unavailable_total")
              .Help("Requests limited by this replica alone because Redis, which holds the shared buckets, failed")
              .Register(registry)
              .Add({})) {}

http::Server::Admission RequestGuard::check(http::Request& request, http::Response& response, bool may_wait) {
  using Admission = http::Server::Admission;
  if (!keys_.usable()) {
    response.set_header("Retry-After", "5");
    http::reply_error(response, 503, "credentials_unavailable",
                      "API keys could not be refreshed for too long; retry later");
    return Admission::kRefused;
  }
  const std::string authorization = request.get_header_value("Authorization");
  const std::string_view token = bearer_token(authorization);
  if (token.empty()) {
    refused_.Add({{"reason", "missing"}}).Increment();
    response.set_header("WWW-Authenticate", kChallenge);
    http::reply_error(response, 401, "unauthenticated",
                      "this endpoint needs an API key, sent as Authorization: Bearer <key>");
    return Admission::kRefused;
  }
  const bool is_jwt = jwt_ && JwtVerifier::looks_like_jwt(token);
  const auto client = is_jwt ? jwt_->verify(token) : keys_.find(token);
  if (!client) {
    refused_.Add({{"reason", "invalid"}}).Increment();
    response.set_header("WWW-Authenticate", std::string(kChallenge) + R"(, error="invalid_token")");
    if (is_jwt) {
      http::reply_error(response, 401, "invalid_token",
                        "the token is not accepted: expired, or not signed, issued or addressed as required");
    } else {
      http::reply_error(response, 401, "invalid_api_key", "the API key is not known or was revoked");
    }
    return Admission::kRefused;
  }
  request.caller = {client->name, client->event_types};
  const std::string label = is_jwt ? "jwt" : client->name;
  if (options_.rate_limits && limiter_) {
    const RateLimit limit = client->rate_limit.value_or(options_.default_limit);
    RateDecision decision;
    try {
      if (may_wait) {
        decision = limiter_->take(client->name, limit);
      } else if (const auto taken = limiter_->take_without_waiting(client->name, limit)) {
        decision = *taken;
      } else {
        return Admission::kWouldWait;  // nothing counted yet: the worker decides it all again
      }
      if (limiter_failing_.exchange(false)) log::info("rate limits shared through Redis again");
    } catch (const std::exception& e) {
      limiter_unavailable_.Increment();
      if (!limiter_failing_.exchange(true)) {
        log::warn("Redis unavailable: rate limits enforced by each replica alone", {{"error", e.what()}});
      }
      decision = fallback_.take(client->name, limit);
    }
    set_rate_headers(response, decision);
    if (!decision.allowed) {
      by_client_.Add({{"client", label}, {"outcome", "rate_limited"}}).Increment();
      response.set_header("Retry-After", whole_seconds(decision.retry_after));
      char rate[32];
      std::snprintf(rate, sizeof rate, "%g", limit.per_second);
      http::reply_error(response, 429, "rate_limited",
                        std::string("this key is over its rate limit of ") + rate +
                            " requests per second; retry after the Retry-After seconds");
      return Admission::kRefused;
    }
  }
  by_client_.Add({{"client", label}, {"outcome", "admitted"}}).Increment();
  return Admission::kAdmitted;
}

void reply_forbidden(http::Response& response, const std::string& what) {
  response.set_header("WWW-Authenticate", std::string(kChallenge) + R"(, error="insufficient_scope")");
  http::reply_error(response, 403, "forbidden", "this API key may not " + what);
}

}  // namespace orderflow::auth
