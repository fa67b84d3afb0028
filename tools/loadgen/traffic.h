#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <string>
#include <vector>

// What orderflow-loadgen sends: a small shop's traffic. Users and products first, then orders with
// items, payments for those orders, stock adjustments and product changes, in proportions a shop
// sees. A share of orders carries a planted fraud pattern, labelled so a model can be trained and
// scored on the traffic (tools/risk).
namespace orderflow::loadgen {

struct Request {
  std::string path;
  std::string body;
  std::string kind;           // user, product, order, payment, inventory
  std::string fraud_pattern;  // empty for ordinary traffic
  std::string order_id;       // the order it places or pays, if any
};

struct TrafficOptions {
  std::string run;  // prefix of every id, so runs never collide
  int users = 20000;
  int products = 50;
  double fraud_share = 0.02;  // of orders
  std::uint64_t seed = 1;
};

// The fraud patterns planted, each a way fraud shows in the events orderflow stores.
inline const std::vector<std::string> kFraudPatterns = {
    "velocity",           // one user places a burst of orders
    "amount_mismatch",    // the payment does not match the order total
    "failed_payments",    // several failed payments before one goes through
    "unusual_quantity",   // an item ordered in a quantity nobody orders
    "new_account_spree",  // an account created just now places a large order
};

class Traffic {
 public:
  explicit Traffic(TrafficOptions options);

  // The users (batches of 100 on POST /events, answered 207) and products every later request
  // refers to, in order.
  std::vector<Request> setup() const;
  // The next request of the mix; thread-safe.
  Request next(std::mt19937_64& random);

 private:
  struct Item {
    int product;
    int quantity;
  };
  struct PendingPayment {
    std::string order_id;
    long long total_cents;
    std::string pattern;
    int failures_left = 0;  // failed_payments: failed attempts still to send
  };

  Request order(std::mt19937_64& random, int user, const std::string& pattern);
  Request payment(std::mt19937_64& random);
  Request inventory(std::mt19937_64& random) const;
  Request product_change(std::mt19937_64& random) const;
  Request user(int index) const;
  Request product(int index, long long price_cents) const;

  TrafficOptions options_;
  std::vector<long long> price_cents_;  // by product
  std::mutex mutex_;
  std::uint64_t orders_ = 0, payments_ = 0, new_users_ = 0;
  std::deque<PendingPayment> pending_;  // orders awaiting their payment, oldest first
  std::deque<Request> queued_;          // the rest of a planted burst
};

// 12345 -> "123.45"
std::string cents_text(long long cents);

}  // namespace orderflow::loadgen
