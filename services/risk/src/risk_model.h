#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "risk_features.h"

namespace orderflow::risk {

// The model a risk stage uses unless RISK_MODEL_FILE names another.
inline constexpr const char* kBuiltInModel = "risk_model.v2.json";

enum class Decision { kApprove, kReview, kDecline };
const char* decision_name(Decision decision);  // "approve", "review", "decline"

struct Reason {
  std::string feature;
  double value = 0;         // the raw feature
  double contribution = 0;  // weight x transformed value, rounded to 4 decimals
};

struct Assessment {
  double score = 0;  // 0 to 1, rounded to 4 decimals
  Decision decision = Decision::kApprove;
  std::vector<Reason> reasons;  // up to 3 features that raised the score most, largest first
};

// A logistic model read from a versioned file (services/risk/models/): for each feature a
// transform and a weight, a bias, and the score thresholds of `review` and `decline`.
//
//   score = 1 / (1 + exp(-(bias + sum(weight * transform(min(value, cap))))))
//
// transform is "identity" or "log1p". tools/risk/train.py writes these files; it applies the same
// transforms, and leaves a feature marked "fixed" at the weight it was given (a policy, such as
// how much missing reference data counts, rather than something to learn from traffic). assess() is a pure function:
// the same features always give the same assessment.
class RiskModel {
 public:
  // Throws std::invalid_argument naming what is wrong with the file.
  static RiskModel from_json(const nlohmann::json& document);
  static RiskModel load(const std::string& path);
  // services/risk/models/<name>, compiled in.
  static RiskModel built_in(const std::string& name);

  const std::string& version() const { return version_; }
  Assessment assess(const Features& features) const;

 private:
  struct Term {
    std::string feature;
    std::string transform;
    double cap = 0;  // 0: none
    double weight = 0;
  };
  std::string version_;
  double bias_ = 0;
  double review_threshold_ = 0.5;
  double decline_threshold_ = 0.9;
  std::vector<Term> terms_;
};

}  // namespace orderflow::risk
