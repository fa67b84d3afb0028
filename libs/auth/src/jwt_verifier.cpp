#include "orderflow/auth/jwt_verifier.h"

#include <jwt/jwt.hpp>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdexcept>

namespace orderflow::auth {
namespace {

bool is_rsa_public_key_pem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
  const bool ok = key != nullptr && EVP_PKEY_base_id(key) == EVP_PKEY_RSA;
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

// HS256's signature checked in constant time (cpp-jwt compares with ==, which tells an attacker
// how many leading bytes of a forged MAC were right).
bool hs256_signature_holds(std::string_view token, const std::string& secret) {
  const auto last_dot = token.rfind('.');
  const std::string_view signed_part = token.substr(0, last_dot);
  const std::string given = jwt::base64_uri_decode(token.data() + last_dot + 1, token.size() - last_dot - 1);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac, &mac_length)) {
    return false;
  }
  return given.size() == mac_length && CRYPTO_memcmp(given.data(), mac, mac_length) == 0;
}

// `aud` is a string or an array of strings (RFC 7519 4.1.3); either must name `audience`.
bool names_audience(const nlohmann::json& claims, const std::string& audience) {
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return false;
  if (aud->is_string()) return *aud == audience;
  if (!aud->is_array()) return false;
  for (const auto& item : *aud) {
    if (item.is_string() && item == audience) return true;
  }
  return false;
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
  if (!options_.rs256_public_key.empty() && !is_rsa_public_key_pem(options_.rs256_public_key)) {
    throw std::invalid_argument("JWT_RS256_PUBLIC_KEY_FILE does not hold a PEM RSA public key");
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
    if (hs256 && !hs256_signature_holds(token, options_.hs256_secret)) return nullptr;
    std::error_code error;
    const auto decoded = jwt::decode(
        jwt::string_view(token.data(), token.size()), jwt::params::algorithms({hs256 ? "HS256" : "RS256"}), error,
        jwt::params::secret(hs256 ? options_.hs256_secret : options_.rs256_public_key),
        jwt::params::issuer(options_.issuer), jwt::params::leeway(static_cast<std::uint32_t>(options_.leeway.count())),
        jwt::params::verify(true));
    if (error) return nullptr;
    const auto& payload = decoded.payload();
    if (!payload.has_claim("exp") || !payload.has_claim("sub")) return nullptr;
    const auto& claims = payload.create_json_obj();
    if (!names_audience(claims, options_.audience)) return nullptr;
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
