#include "orderflow/auth/api_key.h"

#include <stdexcept>
#include <sys/random.h>

#include "orderflow/common/sha256.h"

namespace orderflow::auth {
namespace {

constexpr std::string_view kPrefix = "of_";

std::string base64url(const unsigned char* bytes, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

}  // namespace

IssuedKey issue_api_key() {
  unsigned char random[32];
  std::size_t filled = 0;
  while (filled < sizeof random) {
    const ssize_t got = getrandom(random + filled, sizeof random - filled, 0);
    if (got < 0) throw std::runtime_error("getrandom failed: no API key issued");
    filled += static_cast<std::size_t>(got);
  }
  IssuedKey key;
  key.secret = std::string(kPrefix) + base64url(random, sizeof random);
  key.prefix = key.secret.substr(0, kPrefix.size() + 8);
  key.hash = hash_api_key(key.secret);
  return key;
}

std::string hash_api_key(std::string_view secret) {
  return sha256_hex(secret);
}

std::string_view bearer_token(std::string_view authorization) {
  // RFC 9110: the scheme is case-insensitive, then one or more spaces.
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if ((authorization[i] | 0x20) != kScheme[i]) return {};
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return {};
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  return rest;
}

}  // namespace orderflow::auth
