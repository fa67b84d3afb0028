#pragma once

#include <string>
#include <string_view>

namespace orderflow {

// SHA-256 of `bytes` as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);
// The raw 32 bytes.
std::string sha256(std::string_view bytes);

}  // namespace orderflow
