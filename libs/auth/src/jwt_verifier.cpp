#include "orderflow/auth/jwt_verifier.h"

#include <jwt/jwt.hpp>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <stdexcept>

namespace orderflow::auth {
namespace {

bool is_public_key_pem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
  const bool ok = key != nullptr;
  EVP_PKEY_free(key);
  BIO_free(bio);
  return ok;
}

// "publish:OrderPlaced publish:PaymentSettled" -> {"OrderPlaced", "PaymentSettled"}.
std::vector<std::string> published_types(const std::string& scope) {
  constexpr std::string_view kPublish = "publish:";
  std::vector<std::string> types;
  std::size_t at = 0;
  while (at < scope.size()) {
    const auto end = std::min(scope.find(' ', at), scope.size());
    const std::string_view item(scope.data() + at, end - at);
    if (item.size() > kPublish.size() && item.substr(0, kPublish.size()) == kPublish) {
      types.emplace_back(item.substr(kPublish.size()));
    }
    at = end + 1;
  }
  return types;
}

}  // namespace

JwtVerifier::JwtVerifier(JwtOptions options) : options_(std::move(options)) {
  if (options_.issuer.empty() || options_.audience.empty()) {
    throw std::invalid_argument("JWT needs JWT_ISSUER and JWT_AUDIENCE");
  }
  if (options_.hs256_secret.empty() == options_.rs256_public_key.empty()) {
    throw std::invalid_argument("JWT needs exactly one of JWT_HS256_SECRET and JWT_RS256_PUBLIC_KEY_FILE");
  }
  if (!options_.hs256_secret.empty() && options_.hs256_secret.size() < 32) {
    throw std::invalid_argument("JWT_HS256_SECRET must be at least 32 bytes (RFC 7518: a key as long as the hash)");
  }
  if (!options_.rs256_public_key.empty() && !is_public_key_pem(options_.rs256_public_key)) {
    throw std::invalid_argument("JWT_RS256_PUBLIC_KEY_FILE does not hold a PEM public key");
  }
}

bool JwtVerifier::looks_like_jwt(std::string_view token) {
  std::size_t dots = 0;
  for (const char c : token) {
    if (c == '.') {
      ++dots;
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return dots == 2;
}

std::shared_ptr<const Client> JwtVerifier::verify(std::string_view token) const {
  if (token.size() > kMaxTokenBytes || !looks_like_jwt(token)) return nullptr;
  const bool hs256 = !options_.hs256_secret.empty();
  try {
    std::error_code error;
    const auto decoded = jwt::decode(
        jwt::string_view(token.data(), token.size()), jwt::params::algorithms({hs256 ? "HS256" : "RS256"}), error,
        jwt::params::secret(hs256 ? options_.hs256_secret : options_.rs256_public_key),
        jwt::params::issuer(options_.issuer), jwt::params::aud(options_.audience),
        jwt::params::leeway(static_cast<std::uint32_t>(options_.leeway.count())), jwt::params::verify(true));
    if (error) return nullptr;
    const auto& payload = decoded.payload();
    if (!payload.has_claim("exp") || !payload.has_claim("sub")) return nullptr;
    const auto& claims = payload.create_json_obj();
    const auto& sub = claims.at("sub");
    if (!sub.is_string() || !is_valid_client_name(sub.get_ref<const std::string&>())) return nullptr;
    auto client = std::make_shared<Client>();
    client->name = "jwt:" + sub.get<std::string>();
    if (const auto scope = claims.find("scope"); scope != claims.end() && scope->is_string()) {
      client->event_types = published_types(scope->get<std::string>());
    }
    return client;
  } catch (const std::exception&) {
    return nullptr;  // malformed in a way the library reports by throwing
  }
}

}  // namespace orderflow::auth
