#include "orderflow/common/sha256.h"

#include <memory>
#include <openssl/evp.h>

namespace orderflow {
namespace {

// OpenSSL 3 looks the algorithm up in its provider registry, under a lock, whenever EVP_sha256()
// is handed to EVP_Digest; fetched once, a digest is only the hashing (the processor fingerprints
// every event it consumes).
const EVP_MD* sha256_algorithm() {
  static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> algorithm(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                                         &EVP_MD_free);
  return algorithm ? algorithm.get() : EVP_sha256();
}

}  // namespace

std::string sha256(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &length, sha256_algorithm(), nullptr);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string sha256_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::string digest = sha256(bytes);
  std::string hex(digest.size() * 2, '0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    const auto byte = static_cast<unsigned char>(digest[i]);
    hex[2 * i] = kDigits[byte >> 4];
    hex[2 * i + 1] = kDigits[byte & 0x0F];
  }
  return hex;
}

}  // namespace orderflow
