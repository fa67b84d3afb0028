#include "orderflow/auth/jwt_verifier.h"

#include <gtest/gtest.h>
#include <jwt/jwt.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace orderflow::auth {
namespace {

using Clock = std::chrono::system_clock;

// Test-only RSA keys, made for these tests and used nowhere else.
const std::string kPrivateKey = R"(-----BEGIN PRIVATE KEY-----
MIIEuwIBADANBgkqhkiG9w0BAQEFAASCBKUwggShAgEAAoIBAQC31ydKJ6AJX3Pp
izB2n0JO6WMR5BQxxMBgKCvgGaBQ+joNjcdC5kYYJ/HlIRpQn7DYCEpkovSlAzr5
z/EPPeCJf/bj4qZLVbVk4o8tg5O1V1vpODNTjIJFv4qgHeYA2Bmmqz098JoFQ+Q2
bf9YpBzGGoZJaPtJ/n/DmFuyE9HthxrdKbRqTnKJbW9gSDn0l4dGRNI05yEEMz+b
sjIZt76b/v0SGDByxRazFWsDbfRgbysxaBGn07EGaxY0bz2mLEEFc9GZU7uejdjb
CPeiHiJ31oPsbGFQiyfG8lkZhxXpwc8qw4d/kmk0p9XFVPPitTbhrEjhf3NOUGXo
0GyL2rH/AgMBAAECgf8WoLAcOUbd1m5o7B1MNi/kHTA3nyFfs4eVy8ptiarhjfUU
xQ5TMq9Z5WiaYc4Dh9Z9u6CZqVbr1XTvXq3Zm9Mvc8LgpBkfGJW4mOj8jgM21leh
6Z5JjDQOOYo66cN+sXTvRfxIwYvFLjaxgWUKoiN/G5J61gezpWhar9SFZvoujVsA
zykAxOe5/lSgHm3Ga4VioUCR/YCpkUj9WSuW7DvT9BPCxHaGWD3R7ceJ21r/zZiU
PRJIA6hEP+ygxK4IVCxK8QFjFh7AKgmjdy1orxBvr/CxbIDSxgMNT16hk6sL2mWZ
Fl5zFP4HRWEkmRhr9gOI6w5nHRYr9wt+jyCtXakCgYEA8KzF3njye2F7Y1A9hhbN
ZelS0uXM8imY3TqjhWPvmTuJa/aeODUsUQ/jXBsfuSqIhJDkeeZDgA7NDzw8bDjG
sWR3/ZifWgadz28CX3qQAc+ttZRfewmooxUrL+P60A0OAsY9GkiB0sm8vxdcZAif
fDEU8zbHstyuRq3GQzEoFbMCgYEAw4vs8W9ODjXU6JtxzwNWx1iIdQAwXxPcSNMR
1f8aB7NemfXebIwaRdACfpr4wB+VqwJlTCoqk67vJ4FOlbbD82aLpV3Jv8qEKASI
VDI9qK560KuYIPaUC8SCQwQe8uZ8bKaGYGjtS+w0PYgUkwlq7C/y6R9hk0XiJ3Iw
mQR85IUCgYEAhpWW8Jlhv2z7usWcIeeOZHbdQeIPgTuRp+SqnGUODvokFqOKRpQ1
e/8OfOsOClWmkbsUiLYi+PFN6j8c6se1FG3CS6WVNpqMlPrWsN2wudKQqQGXgw4b
p1anF9i84KrsMtD4SkJRlrYJPjKqD6ZiyOgJdxgjA/oz2oJCZECQ0dECgYBPLI1w
J9fbyxH8aEvJPJnbNs5xSPVM2ba8SbGUCqjYa1inT7SSEJvmnlUUO9zxtRgdWGf5
Ua1RhGfSf/l4hrqKB4ANIY85N18Q8Nzd8kWi0ZpqeL+swQmqRhNT3QxG3umL+FS6
HmHN9sIkE7/41LxVCwj4OLuCLK5nuEVS/00uHQKBgAjaTEGyhepQJCMWI3gtPrf0
daFfpnVZ0ofsH31KODyMRAhU/PhPyHmXozrGe2OsSDo0MCU+xyD6deX/t9aGWu/e
diNuQlqmJPCneXLfILIX/uNMioUG0pmT1EEq4k2Y4iwBuCwhaFcIDgEhdw6d47t/
/M99CM4iHAWT+lAhOYuf
-----END PRIVATE KEY-----
)";
const std::string kPublicKey = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAt9cnSiegCV9z6Yswdp9C
TuljEeQUMcTAYCgr4BmgUPo6DY3HQuZGGCfx5SEaUJ+w2AhKZKL0pQM6+c/xDz3g
iX/24+KmS1W1ZOKPLYOTtVdb6TgzU4yCRb+KoB3mANgZpqs9PfCaBUPkNm3/WKQc
xhqGSWj7Sf5/w5hbshPR7Yca3Sm0ak5yiW1vYEg59JeHRkTSNOchBDM/m7IyGbe+
m/79EhgwcsUWsxVrA230YG8rMWgRp9OxBmsWNG89pixBBXPRmVO7no3Y2wj3oh4i
d9aD7GxhUIsnxvJZGYcV6cHPKsOHf5JpNKfVxVTz4rU24axI4X9zTlBl6NBsi9qx
/wIDAQAB
-----END PUBLIC KEY-----
)";
const std::string kOtherPrivateKey = R"(-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDx5tbQVgKu7aoa
W1XNen9eqx6vkyMwxd8HzjsSky+BRZsct0IcQJU/CitnudWJ3Tr22ReX5uGi4yjg
PFj4+gpB/TkX9ykgGZbLfPdzScuekyuQanx3vwY5PAtaAH2e940xoEIYtXhRJUia
f6ZVry+/JyC5sq3OLFqT1bw5joI9uhGEZnYGWgotVeAzdyfpKCLftaJ40Cotv/6p
FW98aQGSeaSX10RhKhtXCdZiYEvHUj+Kc0Q0evaRM0c0Al9kwshcuTMKu7AAFj+R
JlRe6eFfxw7JlYGtmjL9JoceKh68L7i+aSf+x3kZgsC4rwepdjI7TGhwas5gMBDZ
OicHbCLvAgMBAAECggEAA4NPkJgREwEebKJ3u+2JOP13hSmNWsbNndDOrf+vuITy
waUezU2Em9CjBDVARI4zwHaUrH1173DlsheSErqaFwKGhfKAnnZEewmCSuuIK02J
HxEWV/uydHbZ7k2Zqf7hJJadbBD2Zi0u1qpm/xqN7hLkCSFi4xuh7ihMbZbKPlDI
hIYDVTmjrspLsmy7QsEPbG3K7BtSjjHsq2EHa0GNBbY+MfFEwZt7uuwr+DGobfh6
ldvqpfN8+qJeyozfifQ8tKxXYjtUQeoQKasGvI+WV04mKqrhXz0Jz/h+fHPZ7YsK
7gFQD07p4OJ+4OdsMfIJIWrNsCepmJxNFb9X3aq+HQKBgQD6CFluovJYvkVqiAgu
fCFvGpQTqMUkAgAsmo2zl48k3muwzgfXrT8hsB5JwDfYsEtfeIHI8Afd92iMVnns
3Dtl33cTTn3bKBuv08z2qs0DusjEEBg/eq37Yp/2IHgsMnSbKIUwpT/uGT0xgCet
xd9gVlJPx3RqYcXbCmdokilBrQKBgQD3rM/CR3u2UEwc6ro5+PbFjso1/hhBs2Xz
/rCvsaMqLr9jzsVD4GiGQJLJ8jQQ2Fchyj8RY2WiP3lOZB7V2McSN0wwZh979omG
DuOpOBbVbLVZCUzUzobs8i0QlFfH9V0MvflW1Mz1331l/BmKpGZP9P4g2x3Riwyn
jGXO2A6iiwKBgDF4i3Fnjjne089DQRMpflgEUz4ci30XZD9vCRB6sVjjJT2jVkvn
PHGG7kc7YBFguFkYd91xGK1jcW0rAw7JeHssntvUEPTW17uPVaOMoenWADlC0fll
ZZ0yo2HIhN6B0S6N8uRwHdkXZ1Mu/yrT1uGx0rF0TmVqGQLA6Tr4iG81AoGAVDA8
ythLmBRBWw760FvtXggEekft7N9TR5YKbx5dzSfozL9rVIBCZ2gpvVWEFznCnGzH
9VwpHvaegGQOCzjNqkZ7snP0Pcn2w0fqYQn80P1Lw4Eiya+OM5q6cMlL8V9ZCszE
pZxeMzGNyY3hDLyHPqSTgY2Z3DF80rMppB7TErMCgYBseza/FcQw5Mj7LwLLWoWQ
iz8pkjyonmCz72Q/gCnNEA3MbbRKL/B1qHyUzOMAcbAoujNAwI7T/S2kKImOhMJ2
QYoLb2IRwzCWRvHUsF0+sjbHkMezU5I8kiJysYhK3CSTf31EXLcFV/j/PsZqV12P
MhacEwzfexzewnRDh5+6/Q==
-----END PRIVATE KEY-----
)";
const std::string kSecret = "0123456789abcdef0123456789abcdef-test-only";

struct Token {
  std::string algorithm = "HS256";
  std::string key = kSecret;
  std::string issuer = "https://id.example";
  std::string audience = "orderflow";
  std::string sub = "checkout";
  std::string scope = "publish:OrderPlaced";
  std::optional<Clock::time_point> exp = Clock::now() + std::chrono::minutes(5);

  std::string sign() const {
    jwt::jwt_object object{jwt::params::algorithm(algorithm), jwt::params::secret(key)};
    object.add_claim("iss", issuer).add_claim("aud", audience).add_claim("sub", sub).add_claim("scope", scope);
    if (exp) object.add_claim("exp", *exp);
    return object.signature();
  }
};

JwtVerifier hs256() {
  return JwtVerifier({.issuer = "https://id.example", .audience = "orderflow", .hs256_secret = kSecret});
}

TEST(JwtVerifier, AcceptsAWellFormedTokenAndReadsItsSubjectAndScope) {
  const auto client = hs256().verify(Token{}.sign());
  ASSERT_TRUE(client);
  EXPECT_EQ(client->name, "jwt:checkout");
  EXPECT_EQ(client->event_types, std::vector<std::string>{"OrderPlaced"});
  Token all;
  all.scope = "openid publish:* profile";
  EXPECT_EQ(hs256().verify(all.sign())->event_types, std::vector<std::string>{"*"});
}

TEST(JwtVerifier, RefusesExpiredWrongIssuerAudienceSubjectOrKey) {
  Token expired;
  expired.exp = Clock::now() - std::chrono::minutes(2);  // beyond the 30 s leeway
  Token no_exp;
  no_exp.exp.reset();
  Token issuer;
  issuer.issuer = "https://evil.example";
  Token audience;
  audience.audience = "someone-else";
  Token subject;
  subject.sub = "Not A Client Name";
  Token key;
  key.key = "another-secret-another-secret-another";
  for (const Token* token : {&expired, &no_exp, &issuer, &audience, &subject, &key}) {
    EXPECT_FALSE(hs256().verify(token->sign())) << token->sign();
  }
}

TEST(JwtVerifier, AcceptsOnlyTheConfiguredAlgorithmNeverNone) {
  const JwtVerifier rs256({.issuer = "https://id.example", .audience = "orderflow", .rs256_public_key = kPublicKey});
  Token rs;
  rs.algorithm = "RS256";
  rs.key = kPrivateKey;
  EXPECT_TRUE(rs256.verify(rs.sign()));
  Token forged = rs;
  forged.key = kOtherPrivateKey;
  EXPECT_FALSE(rs256.verify(forged.sign()));
  // The public key used as an HS256 secret: the classic algorithm confusion.
  Token confused;
  confused.key = kPublicKey;
  EXPECT_FALSE(rs256.verify(confused.sign()));
  EXPECT_FALSE(hs256().verify(rs.sign()));
  // alg "none", no signature.
  const std::string none = Token{}.sign();
  const std::string header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";  // {"alg":"none","typ":"JWT"}
  const auto payload = none.substr(none.find('.') + 1, none.rfind('.') - none.find('.') - 1);
  EXPECT_FALSE(hs256().verify(header + "." + payload + "."));
}

TEST(JwtVerifier, RefusesGarbageAndOversizedTokensUnread) {
  for (const std::string& token :
       std::vector<std::string>{"", "a.b", "a.b.c", "not a jwt", "....", std::string(20000, 'a') + ".b.c"}) {
    EXPECT_FALSE(hs256().verify(token)) << token.substr(0, 40);
  }
  EXPECT_TRUE(JwtVerifier::looks_like_jwt("aa.bb.cc"));
  EXPECT_FALSE(JwtVerifier::looks_like_jwt("of_abc"));
}

std::string base64url(const std::string& bytes) {
  std::string text = jwt::base64_encode(bytes.data(), bytes.size());
  text.resize(jwt::base64_uri_encode(text.data(), text.size()));
  return text;
}

// An HS256 token with any payload, signed here (cpp-jwt's writer takes only string claims).
std::string sign_hs256(const nlohmann::json& payload, const std::string& key = kSecret) {
  const std::string signed_part = base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(payload.dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac, &length);
  return signed_part + "." + base64url(std::string(reinterpret_cast<const char*>(mac), length));
}

TEST(JwtVerifier, AnAudienceArrayNamingOrderflowIsAccepted) {
  const auto exp =
      std::chrono::duration_cast<std::chrono::seconds>((Clock::now() + std::chrono::minutes(5)).time_since_epoch())
          .count();
  nlohmann::json payload = {{"iss", "https://id.example"},
                            {"sub", "checkout"},
                            {"exp", exp},
                            {"aud", {"billing", "orderflow"}},
                            {"scope", "publish:*"}};
  EXPECT_TRUE(hs256().verify(sign_hs256(payload)));
  payload["aud"] = {"billing", "search"};
  EXPECT_FALSE(hs256().verify(sign_hs256(payload)));
  payload["aud"] = 42;
  EXPECT_FALSE(hs256().verify(sign_hs256(payload)));
}

TEST(JwtVerifier, ItsOptionsMustVerifySomething) {
  const std::string ec_public_key = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERkK4V2Pwp2A4W4L9bxTEpWXtFv1/
sfQs1Mj5aT+2l7yS1eTwrBu5bJZqTqxlkgaYraLknUmL4C4XaS0O/AUQxQ==
-----END PUBLIC KEY-----
)";
  EXPECT_THROW(JwtVerifier({.issuer = "i", .audience = "a", .rs256_public_key = ec_public_key}), std::invalid_argument)
      << "an EC key would make every RS256 token fail without a word";
  EXPECT_THROW(JwtVerifier({.issuer = "i", .audience = "a"}), std::invalid_argument);
  EXPECT_THROW(JwtVerifier({.issuer = "i", .audience = "a", .hs256_secret = "short"}), std::invalid_argument);
  EXPECT_THROW(JwtVerifier({.issuer = "i", .audience = "a", .rs256_public_key = "not pem"}), std::invalid_argument);
  EXPECT_THROW(JwtVerifier({.audience = "a", .hs256_secret = kSecret}), std::invalid_argument);
}

}  // namespace
}  // namespace orderflow::auth
