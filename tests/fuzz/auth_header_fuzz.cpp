// Any Authorization header -> RequestGuard::admit, with API keys and HS256 JWTs both accepted, so
// hostile tokens reach the JWT parser (base64url, JSON, signature) too. Admitted exactly when the
// header carries the one known key as a Bearer credential (a JWT cannot be forged without the
// secret), and then the caller is that key's client; anything else is a 401 with a Bearer challenge,
// never another answer and never a crash.
#include <cstdint>
#include <string>

#include "orderflow/auth/api_key.h"
#include "orderflow/auth/request_guard.h"

#include "fuzz_check.h"

namespace {

using namespace orderflow;

const std::string kKnownKey = "of_fuzzKnownKey0123456789abcdefghijklmnopqrstu";

auth::RequestGuard& guard() {
  static metrics::Registry registry;
  static auth::KeyDirectory keys(
      [] {
        return std::vector<auth::StoredKey>{
            {{"fuzz-client", {"OrderPlaced"}, std::nullopt}, "of_fuzzKnow", auth::hash_api_key(kKnownKey), "", {}}};
      },
      std::chrono::hours(24));
  static auth::JwtVerifier jwt({.issuer = "https://id.example",
                                .audience = "orderflow",
                                .hs256_secret = "fuzz-only-secret-fuzz-only-secret-fuzz"});
  static auth::RequestGuard instance(keys, nullptr, {}, registry, &jwt);
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string header(reinterpret_cast<const char*>(data), size);
  http::Request request;
  request.set_header("Authorization", header);
  http::Response response;
  const bool admitted = guard().admit(request, response);
  FUZZ_CHECK(admitted == (auth::bearer_token(header) == kKnownKey));
  if (admitted) {
    FUZZ_CHECK(request.caller.name == "fuzz-client");
  } else {
    FUZZ_CHECK(response.status == 401);
    FUZZ_CHECK(response.get_header_value("WWW-Authenticate").rfind("Bearer realm=\"orderflow\"", 0) == 0);
    FUZZ_CHECK(response.body.find("of_fuzzKnown") == std::string::npos);  // answers never quote a key
  }
  return 0;
}
