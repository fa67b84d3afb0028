#include "orderflow/http/router.h"

#include <gtest/gtest.h>

namespace orderflow::http {
namespace {

TEST(Router, MatchesLiteralAndPlaceholderSegments) {
  Router router;
  const auto orders = router.add("/orders/{id}");
  const auto health = router.add("/health");
  auto m = router.match("/orders/o-1");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route, orders);
  EXPECT_EQ(m.params, std::vector<std::string>{"o-1"});
  EXPECT_EQ(router.match("/health").route, health);
  EXPECT_EQ(router.match("/orders").kind, Router::Match::Kind::kNoRoute);
  EXPECT_EQ(router.match("/orders/").kind, Router::Match::Kind::kNoRoute);
  EXPECT_EQ(router.match("/orders/a/b").kind, Router::Match::Kind::kNoRoute);
  EXPECT_EQ(router.match("").kind, Router::Match::Kind::kNoRoute);
}

TEST(Router, RefusesPlaceholdersThatDecodeToNulOrInvalidUtf8) {
  Router router;
  router.add("/orders/{id}");
  EXPECT_EQ(router.match("/orders/o-1%00x").kind, Router::Match::Kind::kBadPath);
  EXPECT_EQ(router.match("/orders/%ff").kind, Router::Match::Kind::kBadPath);
  EXPECT_EQ(router.match("/orders/%4").kind, Router::Match::Kind::kBadPath);
  EXPECT_EQ(router.match("/orders/%C3%A9").params.at(0), "\xC3\xA9");
}

TEST(Router, MethodLabelsComeFromAFixedSet) {
  EXPECT_EQ(method_label("POST"), "POST");
  EXPECT_EQ(method_label("XQ1"), "other");
  EXPECT_EQ(method_label("post"), "other");
  EXPECT_TRUE(is_known_method("OPTIONS"));
  EXPECT_FALSE(is_known_method("BREW"));
}

}  // namespace
}  // namespace orderflow::http
