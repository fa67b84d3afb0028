#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "orderflow/auth/client.h"

namespace orderflow::auth {

struct JwtOptions {
  std::string issuer{};             // `iss` must equal it
  std::string audience{};           // `aud` must name it
  std::string hs256_secret{};       // one of these two: the only algorithm accepted is the one configured
  std::string rs256_public_key{};   // PEM
  std::chrono::seconds leeway{30};  // clock skew allowed on exp and nbf
};

// Bearer tokens that are JWTs (RFC 7519), the second way to authenticate besides API keys, for
// clients whose identity provider issues tokens. A token is accepted when it is signed with the
// configured key by the configured algorithm (never `none`, never the other one), its `iss` and
// `aud` match, it carries `exp` and has not expired (nor is before `nbf`) beyond `leeway`, and its
// `sub` is a client name. The caller is "jwt:<sub>" (no API key name holds a colon, so the two never
// share rate-limit buckets or Idempotency-Keys); the `scope` claim's "publish:<EventType>" entries,
// or "publish:*", say what it may publish. Tokens over kMaxTokenBytes are refused unread.
class JwtVerifier {
 public:
  static constexpr std::size_t kMaxTokenBytes = 8192;

  // std::invalid_argument when the options cannot verify anything (no key, both keys, no issuer or
  // audience, a public key that does not parse).
  explicit JwtVerifier(JwtOptions options);

  // The client the token names, or null when it is not accepted.
  std::shared_ptr<const Client> verify(std::string_view token) const;

  // A token looks like a JWT (three base64url parts), so it is not taken for an API key.
  static bool looks_like_jwt(std::string_view token);

 private:
  JwtOptions options_;
};

}  // namespace orderflow::auth
