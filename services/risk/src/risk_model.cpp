#include "risk_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <stdexcept>

#include "orderflow/common/embedded_file.h"

namespace orderflow::risk {
namespace detail {
const std::vector<EmbeddedFile>& model_files();  // generated from services/risk/models
}  // namespace detail
namespace {

double round4(double x) {
  return std::round(x * 10'000) / 10'000;
}

double number(const nlohmann::json& node, const std::string& what) {
  if (!node.is_number()) throw std::invalid_argument("risk model: " + what + " must be a number");
  const double value = node.get<double>();
  if (!std::isfinite(value)) throw std::invalid_argument("risk model: " + what + " must be finite");
  return value;
}

}  // namespace

const char* decision_name(Decision decision) {
  switch (decision) {
    case Decision::kApprove:
      return "approve";
    case Decision::kReview:
      return "review";
    case Decision::kDecline:
      return "decline";
  }
  return "approve";
}

RiskModel RiskModel::from_json(const nlohmann::json& document) {
  if (!document.is_object()) throw std::invalid_argument("risk model: not a JSON object");
  RiskModel model;
  const auto version = document.value("version", "");
  if (!std::regex_match(version, std::regex("[a-z0-9][a-z0-9._-]{0,63}"))) {
    throw std::invalid_argument("risk model: version must match [a-z0-9][a-z0-9._-]{0,63}");
  }
  model.version_ = version;
  model.bias_ = number(document.value("bias", nlohmann::json()), "bias");
  const auto& thresholds = document.value("thresholds", nlohmann::json::object());
  model.review_threshold_ = number(thresholds.value("review", nlohmann::json()), "thresholds.review");
  model.decline_threshold_ = number(thresholds.value("decline", nlohmann::json()), "thresholds.decline");
  if (!(0 < model.review_threshold_ && model.review_threshold_ <= model.decline_threshold_ &&
        model.decline_threshold_ <= 1)) {
    throw std::invalid_argument("risk model: needs 0 < thresholds.review <= thresholds.decline <= 1");
  }
  const Features known = compute_features({});
  const auto& features = document.value("features", nlohmann::json::array());
  if (!features.is_array() || features.empty()) throw std::invalid_argument("risk model: no features");
  for (const auto& f : features) {
    Term term{f.value("name", ""), f.value("transform", "identity"), 0, 0};
    if (!known.count(term.feature)) throw std::invalid_argument("risk model: unknown feature '" + term.feature + "'");
    if (term.transform != "identity" && term.transform != "log1p") {
      throw std::invalid_argument("risk model: " + term.feature + ": transform must be identity or log1p");
    }
    if (f.contains("cap")) term.cap = number(f["cap"], term.feature + ".cap");
    term.weight = number(f.value("weight", nlohmann::json()), term.feature + ".weight");
    model.terms_.push_back(std::move(term));
  }
  return model;
}

RiskModel RiskModel::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("risk model: cannot read " + path);
  const auto document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) throw std::invalid_argument("risk model: " + path + " is not JSON");
  return from_json(document);
}

RiskModel RiskModel::built_in(const std::string& name) {
  for (const auto& file : detail::model_files()) {
    if (file.path != name) continue;
    const auto document = nlohmann::json::parse(file.content, nullptr, false);
    if (document.is_discarded()) throw std::invalid_argument("risk model: " + name + " is not JSON");
    return from_json(document);
  }
  throw std::invalid_argument("risk model: no built-in model " + name);
}

Assessment RiskModel::assess(const Features& features) const {
  double logit = bias_;
  std::vector<Reason> raised;
  for (const auto& term : terms_) {
    const auto it = features.find(term.feature);
    const double value = it == features.end() ? 0 : it->second;
    double x = term.cap > 0 ? std::min(value, term.cap) : value;
    if (term.transform == "log1p") x = std::log1p(std::max(0.0, x));
    const double contribution = term.weight * x;
    logit += contribution;
    if (round4(contribution) > 0) raised.push_back({term.feature, round4(value), round4(contribution)});
  }
  Assessment assessment;
  assessment.score = round4(1 / (1 + std::exp(-logit)));
  assessment.decision = assessment.score >= decline_threshold_  ? Decision::kDecline
                        : assessment.score >= review_threshold_ ? Decision::kReview
                                                                : Decision::kApprove;
  std::stable_sort(raised.begin(), raised.end(), [](const Reason& a, const Reason& b) {
    return a.contribution != b.contribution ? a.contribution > b.contribution : a.feature < b.feature;
  });
  if (raised.size() > 3) raised.resize(3);
  assessment.reasons = std::move(raised);
  return assessment;
}

}  // namespace orderflow::risk
