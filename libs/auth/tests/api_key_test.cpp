#include "orderflow/auth/api_key.h"

#include <gtest/gtest.h>
#include <set>

#include "orderflow/auth/client.h"

namespace orderflow::auth {
namespace {

TEST(ApiKey, IssuedKeysAreRandomAndOnlyTheirHashIdentifiesThem) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const IssuedKey key = issue_api_key();
    EXPECT_EQ(key.secret.rfind("of_", 0), 0u);
    EXPECT_EQ(key.secret.size(), 3u + 43u);  // 256 bits in base64url
    EXPECT_EQ(key.secret.rfind(key.prefix, 0), 0u);
    EXPECT_EQ(key.hash, hash_api_key(key.secret));
    EXPECT_EQ(key.hash.find(key.secret), std::string::npos);
    EXPECT_TRUE(seen.insert(key.secret).second);
  }
}

TEST(ApiKey, BearerTokensAreReadAsRfc9110WritesThem) {
  EXPECT_EQ(bearer_token("Bearer of_abc"), "of_abc");
  EXPECT_EQ(bearer_token("bearer   of_abc  "), "of_abc");
  EXPECT_EQ(bearer_token("BEARER of_abc"), "of_abc");
  EXPECT_EQ(bearer_token("Basic b2Y6YWJj"), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token("Bearerof_abc"), "");
  EXPECT_EQ(bearer_token(""), "");
}

TEST(ClientName, IsShortAndSafeInMetricsAndRedisKeys) {
  EXPECT_TRUE(is_valid_client_name("checkout-service"));
  EXPECT_TRUE(is_valid_client_name("team.payments_2"));
  EXPECT_FALSE(is_valid_client_name(""));
  EXPECT_FALSE(is_valid_client_name("-leading"));
  EXPECT_FALSE(is_valid_client_name("has:colon"));
  EXPECT_FALSE(is_valid_client_name("Upper"));
  EXPECT_FALSE(is_valid_client_name(std::string(64, 'a')));
}

TEST(ClientEventTypes, RoundTripThroughTheirStoredForm) {
  EXPECT_EQ(split_event_types(join_event_types({"OrderPlaced", "PaymentSettled"})),
            (std::vector<std::string>{"OrderPlaced", "PaymentSettled"}));
  EXPECT_EQ(split_event_types("*"), std::vector<std::string>{"*"});
  EXPECT_TRUE(split_event_types("").empty());
}

}  // namespace
}  // namespace orderflow::auth
