#include "orderflow/common/sha256.h"

#include <gtest/gtest.h>

namespace orderflow {
namespace {

// FIPS 180-2's examples: the fingerprints in Redis and the risk stage's derived ids depend on them.
TEST(Sha256, HexDigestsMatchTheStandardsExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, RawDigestIsThirtyTwoBytes) {
  const std::string digest = sha256("abc");
  ASSERT_EQ(digest.size(), 32U);
  EXPECT_EQ(static_cast<unsigned char>(digest[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(digest[31]), 0xad);
}

}  // namespace
}  // namespace orderflow
