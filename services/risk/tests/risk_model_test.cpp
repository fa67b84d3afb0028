// The risk model and its features: pure functions, so the same inputs always give the same
// assessment, and the built-in model flags each planted pattern on its own.
#include "risk_model.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace orderflow::risk {
namespace {

SubjectContext ordinary_order() {
  SubjectContext c;
  c.kind = SubjectKind::kOrder;
  c.amount = 40;
  c.currency = "USD";
  c.max_quantity = 2;
  c.units = 3;
  c.account_age_seconds = 90 * 86'400;
  c.average_order_total = 35;
  return c;
}

SubjectContext ordinary_payment() {
  SubjectContext c;
  c.kind = SubjectKind::kPayment;
  c.amount = 40;
  c.currency = "USD";
  c.order_total = 40;
  c.order_currency = "USD";
  c.payment_status = "completed";
  c.account_age_seconds = 90 * 86'400;
  return c;
}

Assessment assess(const SubjectContext& context) {
  return RiskModel::built_in(kBuiltInModel).assess(compute_features(context));
}

TEST(RiskModel, OrdinaryOrdersAndPaymentsAreApproved) {
  EXPECT_EQ(assess(ordinary_order()).decision, Decision::kApprove);
  EXPECT_EQ(assess(ordinary_payment()).decision, Decision::kApprove);
  EXPECT_LT(assess(ordinary_order()).score, 0.5);
}

TEST(RiskModel, EachPlantedPatternIsAtLeastReviewedAndNamedAmongTheReasons) {
  auto velocity = ordinary_order();
  velocity.orders_1m = velocity.orders_10m = velocity.orders_1h = 4;
  auto quantity = ordinary_order();
  quantity.max_quantity = quantity.units = 120;
  auto spree = ordinary_order();
  spree.account_age_seconds = 30;
  spree.max_quantity = 12;
  spree.units = 30;
  auto mismatch = ordinary_payment();
  mismatch.amount = 10;
  auto failures = ordinary_payment();
  failures.failed_payments_order = failures.failed_payments_1h = 3;
  const std::vector<std::pair<SubjectContext, std::string>> cases = {{velocity, "orders_1m"},
                                                                     {quantity, "max_quantity"},
                                                                     {spree, "new_account"},
                                                                     {mismatch, "payment_mismatch"},
                                                                     {failures, "failed_payments_order"}};
  for (const auto& [context, feature] : cases) {
    const auto assessment = assess(context);
    EXPECT_NE(assessment.decision, Decision::kApprove) << feature << " score " << assessment.score;
    const bool named = std::any_of(assessment.reasons.begin(), assessment.reasons.end(),
                                   [&](const Reason& r) { return r.feature == feature; });
    EXPECT_TRUE(named) << feature;
  }
}

TEST(RiskModel, TheSameFeaturesAlwaysGiveTheSameAssessment) {
  auto context = ordinary_order();
  context.orders_10m = 2;
  const auto first = assess(context);
  for (int i = 0; i < 100; ++i) {
    const auto again = assess(context);
    EXPECT_EQ(again.score, first.score);
    EXPECT_EQ(again.decision, first.decision);
    ASSERT_EQ(again.reasons.size(), first.reasons.size());
    for (std::size_t r = 0; r < first.reasons.size(); ++r)
      EXPECT_EQ(again.reasons[r].feature, first.reasons[r].feature);
  }
}

TEST(RiskModel, ThresholdsDecideAndScoresAreRoundedToFourDecimals) {
  const auto model =
      RiskModel::from_json({{"version", "t-1"},
                            {"bias", 0},
                            {"thresholds", {{"review", 0.6}, {"decline", 0.8}}},
                            {"features", {{{"name", "orders_10m"}, {"transform", "identity"}, {"weight", 1}}}}});
  auto features = compute_features(ordinary_order());
  features["orders_10m"] = 0;
  EXPECT_EQ(model.assess(features).score, 0.5);
  EXPECT_EQ(model.assess(features).decision, Decision::kApprove);
  features["orders_10m"] = 1;  // 1/(1+e^-1) = 0.73105...
  EXPECT_EQ(model.assess(features).score, 0.7311);
  EXPECT_EQ(model.assess(features).decision, Decision::kReview);
  features["orders_10m"] = 2;
  EXPECT_EQ(model.assess(features).decision, Decision::kDecline);
}

TEST(RiskModel, AFileWithAnUnknownFeatureOrBadThresholdsIsRefused) {
  const nlohmann::json base = {{"version", "t-1"},
                               {"bias", 0},
                               {"thresholds", {{"review", 0.5}, {"decline", 0.9}}},
                               {"features", {{{"name", "orders_10m"}, {"weight", 1}}}}};
  EXPECT_NO_THROW(RiskModel::from_json(base));
  auto unknown = base;
  unknown["features"][0]["name"] = "shoe_size";
  EXPECT_THROW(RiskModel::from_json(unknown), std::invalid_argument);
  auto inverted = base;
  inverted["thresholds"] = {{"review", 0.9}, {"decline", 0.5}};
  EXPECT_THROW(RiskModel::from_json(inverted), std::invalid_argument);
  auto transform = base;
  transform["features"][0]["transform"] = "exp";
  EXPECT_THROW(RiskModel::from_json(transform), std::invalid_argument);
}

TEST(Features, PaymentFeaturesAreZeroOnOrdersAndTheOtherWayRound) {
  auto order = ordinary_order();
  order.orders_10m = 3;
  const auto of_order = compute_features(order);
  EXPECT_EQ(of_order.at("orders_10m"), 3);
  EXPECT_EQ(of_order.at("payment_mismatch"), 0);
  EXPECT_EQ(of_order.at("is_payment"), 0);
  auto payment = ordinary_payment();
  payment.orders_10m = 3;
  payment.amount = 30;
  payment.currency = "EUR";
  const auto of_payment = compute_features(payment);
  EXPECT_EQ(of_payment.at("orders_10m"), 0);
  EXPECT_DOUBLE_EQ(of_payment.at("payment_mismatch"), 0.25);
  EXPECT_EQ(of_payment.at("currency_mismatch"), 1);
  EXPECT_EQ(of_payment.at("unknown_order"), 0);
}

}  // namespace
}  // namespace orderflow::risk
