#include "orderflow/common/sha256.h"

#include <cstdio>
#include <openssl/evp.h>

namespace orderflow {

std::string sha256(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string sha256_hex(std::string_view bytes) {
  std::string hex;
  char byte[3];
  for (unsigned char c : sha256(bytes)) {
    std::snprintf(byte, sizeof byte, "%02x", c);
    hex += byte;
  }
  return hex;
}

}  // namespace orderflow
