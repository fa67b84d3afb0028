#pragma once

#include <string>
#include <string_view>

namespace orderflow::auth {

// An API key as issued: `secret` is given to the client once and never stored; the store keeps
// `hash` (to recognise it) and `prefix` (to tell keys apart in a list).
struct IssuedKey {
  std::string secret;  // "of_" + 43 characters of base64url: 256 random bits
  std::string prefix;  // "of_" + its first 8 characters
  std::string hash;    // hash_api_key(secret)
};

// A fresh key from the kernel's CSPRNG (getrandom).
IssuedKey issue_api_key();

// Hex SHA-256. A fast hash suits a 256-bit random secret: guessing the key is as hard as guessing
// the hash's preimage, so the slowness passwords need buys nothing here (GitHub and Stripe tokens
// are stored the same way).
std::string hash_api_key(std::string_view secret);

// The key in `Authorization: Bearer <key>`, or empty when the header is absent or not Bearer.
std::string_view bearer_token(std::string_view authorization);

}  // namespace orderflow::auth
