#include "traffic.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

namespace orderflow::loadgen {
namespace {

const char* kCategories[] = {"kitchen", "computers", "books", "toys", "garden"};
const char* kMethods[] = {"credit_card", "debit_card", "paypal"};
const char* kFirstNames[] = {"Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon"};
const char* kLastNames[] = {"Stone", "Okafor", "Lind", "Moreau", "Sato", "Novak", "Reyes", "Berg"};

int uniform(std::mt19937_64& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

bool chance(std::mt19937_64& random, double p) {
  return std::uniform_real_distribution<double>(0, 1)(random) < p;
}

// A decimal amount as a JSON number token, written exactly.
std::string amount(long long cents) {
  return cents_text(cents);
}

// An RFC 3339 time `days_ago` days before now, in UTC.
std::string days_ago(int days) {
  const auto then = std::chrono::system_clock::now() - std::chrono::hours(24 * days);
  const std::time_t t = std::chrono::system_clock::to_time_t(then);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string cents_text(long long cents) {
  std::string text = std::to_string(cents / 100) + ".";
  const long long rest = cents % 100;
  if (rest < 10) text += "0";
  return text + std::to_string(rest);
}

Traffic::Traffic(TrafficOptions options) : options_(std::move(options)) {
  std::mt19937_64 random(options_.seed);
  for (int i = 0; i < options_.products; ++i) price_cents_.push_back(uniform(random, 199, 49'999));
}

Request Traffic::user(int index) const {
  const std::string id = options_.run + "-user-" + std::to_string(index);
  nlohmann::json body = {{"userId", id},
                         {"email", id + "@example.com"},
                         {"firstName", kFirstNames[index % 10]},
                         {"lastName", kLastNames[index % 8]}};
  // The shop's regular customers opened their accounts weeks to years ago; accounts made during
  // the run (new_account_spree) are created now.
  if (index < options_.users) body["createdAt"] = days_ago(30 + index * 7 % 900);
  return {"/users", body.dump(), "user", "", ""};
}

Request Traffic::product(int index, long long price_cents) const {
  const std::string sku = options_.run + "-sku-" + std::to_string(index);
  return {"/products",
          R"({"sku":")" + sku + R"(","name":"Product )" + std::to_string(index) + R"(","category":")" +
              kCategories[index % 5] + R"(","price":)" + amount(price_cents) + R"(,"currency":"USD","active":true})",
          "product", "", ""};
}

std::vector<Request> Traffic::setup() const {
  // Users go a hundred at a time through POST /events: a shop has many more customers than a run
  // has orders per customer, and creating them one request each would take most of a short run.
  std::vector<Request> out;
  const std::string now = days_ago(0);
  for (int first = 0; first < options_.users; first += 100) {
    nlohmann::json batch = nlohmann::json::array();
    for (int i = first; i < std::min(options_.users, first + 100); ++i) {
      nlohmann::json event = nlohmann::json::parse(user(i).body);
      event["eventId"] = event["userId"].get<std::string>() + "-created";
      event["eventType"] = "UserCreated";
      event["timestamp"] = now;
      batch.push_back(std::move(event));
    }
    out.push_back({"/events", batch.dump(), "user", "", ""});
  }
  for (int i = 0; i < options_.products; ++i) out.push_back(product(i, price_cents_[static_cast<std::size_t>(i)]));
  return out;
}

Request Traffic::order(std::mt19937_64& random, int user_index, const std::string& pattern) {
  const std::string order_id = options_.run + "-order-" + std::to_string(++orders_);
  const int lines = uniform(random, 1, 3);
  long long total = 0;
  std::string items;
  for (int i = 0; i < lines; ++i) {
    const int product = uniform(random, 0, options_.products - 1);
    int quantity = uniform(random, 1, 3);
    if (pattern == "unusual_quantity" && i == 0) quantity = uniform(random, 50, 200);
    if (pattern == "new_account_spree") quantity = uniform(random, 8, 15);
    const long long price = price_cents_[static_cast<std::size_t>(product)];
    total += price * quantity;
    items += std::string(i ? "," : "") + R"({"sku":")" + options_.run + "-sku-" + std::to_string(product) +
             R"(","quantity":)" + std::to_string(quantity) + R"(,"price":)" + amount(price) + "}";
  }
  const std::string user_id = options_.run + "-user-" + std::to_string(user_index);
  PendingPayment awaiting{order_id, total, pattern, pattern == "failed_payments" ? uniform(random, 2, 4) : 0};
  if (pending_.size() < 100'000) pending_.push_back(awaiting);
  return {"/orders",
          R"({"orderId":")" + order_id + R"(","userId":")" + user_id + R"(","totalAmount":)" + amount(total) +
              R"(,"currency":"USD","items":[)" + items + "]}",
          "order", pattern, order_id};
}

Request Traffic::payment(std::mt19937_64& random) {
  PendingPayment& next = pending_.front();
  const std::string payment_id = options_.run + "-payment-" + std::to_string(++payments_);
  long long paid = next.total_cents;
  std::string status = chance(random, 0.05) ? "failed" : "completed";
  std::string method = kMethods[uniform(random, 0, 2)];
  if (next.pattern == "amount_mismatch") paid = std::max(1LL, next.total_cents / uniform(random, 2, 10));
  if (next.failures_left > 0) {
    status = "failed";
    --next.failures_left;
  }
  Request out{"/payments",
              R"({"paymentId":")" + payment_id + R"(","orderId":")" + next.order_id + R"(","amount":)" + amount(paid) +
                  R"(,"currency":"USD","paymentMethod":")" + method + R"(","status":")" + status + R"("})",
              "payment", next.pattern, next.order_id};
  if (next.failures_left == 0) pending_.pop_front();
  return out;
}

Request Traffic::inventory(std::mt19937_64& random) const {
  const int product = uniform(random, 0, options_.products - 1);
  const bool add = chance(random, 0.7);
  return {"/inventory/adjustments",
          R"({"sku":")" + options_.run + "-sku-" + std::to_string(product) + R"(","quantity":)" +
              std::to_string(uniform(random, 1, 20)) + R"(,"adjustmentType":")" + (add ? "add" : "subtract") +
              R"(","reason":")" + (add ? "restock" : "damaged") + R"("})",
          "inventory", "", ""};
}

Request Traffic::product_change(std::mt19937_64& random) const {
  const int index = uniform(random, 0, options_.products - 1);
  return product(index, price_cents_[static_cast<std::size_t>(index)]);
}

Request Traffic::next(std::mt19937_64& random) {
  std::lock_guard lock(mutex_);
  if (!queued_.empty()) {
    Request out = std::move(queued_.front());
    queued_.pop_front();
    return out;
  }
  const int roll = uniform(random, 1, 100);
  if (roll <= 45 || pending_.empty()) {
    if (!chance(random, options_.fraud_share)) return order(random, uniform(random, 0, options_.users - 1), "");
    const std::string& pattern = kFraudPatterns[static_cast<std::size_t>(uniform(random, 0, 4))];
    if (pattern == "velocity") {
      const int user_index = uniform(random, 0, options_.users - 1);
      for (int i = 0; i < 5; ++i) queued_.push_back(order(random, user_index, pattern));
      Request first = std::move(queued_.front());
      queued_.pop_front();
      return first;
    }
    if (pattern == "new_account_spree") {
      // The account is created now; its order follows at once.
      const int index = options_.users + static_cast<int>(++new_users_);
      queued_.push_back(order(random, index, pattern));
      Request created = user(index);
      created.fraud_pattern = pattern;
      return created;
    }
    return order(random, uniform(random, 0, options_.users - 1), pattern);
  }
  if (roll <= 85) return payment(random);
  if (roll <= 97) return inventory(random);
  return product_change(random);
}

}  // namespace orderflow::loadgen
