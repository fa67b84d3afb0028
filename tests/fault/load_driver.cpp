#include "load_driver.h"

#include <chrono>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <random>

#include "eventually.h"

namespace orderflow::testing {

LoadDriver::LoadDriver(int gateway_port, std::string api_key, std::string run, int clients, int skus)
    : port_(gateway_port), api_key_(std::move(api_key)), run_(std::move(run)), clients_(clients), skus_(skus) {}

LoadDriver::~LoadDriver() {
  stop();
}

void LoadDriver::start() {
  for (int i = 0; i < clients_; ++i) threads_.emplace_back([this, i] { client(i); });
}

void LoadDriver::stop() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void LoadDriver::client(int index) {
  std::mt19937 random(static_cast<unsigned>(index * 7919 + 17));
  httplib::Client gateway("127.0.0.1", port_);
  gateway.set_bearer_token_auth(api_key_);
  gateway.set_connection_timeout(std::chrono::seconds(1));
  gateway.set_read_timeout(std::chrono::seconds(15));
  for (long n = 0; !stopping_; ++n) {
    const std::string sku = run_ + "-sku-" + std::to_string(random() % static_cast<unsigned>(skus_));
    const long quantity = 1 + static_cast<long>(random() % 9);
    const bool add = random() % 3 != 0;
    // adjustedAt is sent, not defaulted, so every retry carries exactly the same event.
    const std::string body = nlohmann::json{
        {"sku", sku},
        {"quantity", quantity},
        {"adjustmentType", add ? "add" : "subtract"},
        {"adjustedAt",
         "2025-10-20T10:00:00Z"}}.dump();
    const httplib::Headers key = {{"Idempotency-Key", run_ + "-c" + std::to_string(index) + "-" + std::to_string(n)}};
    // A request once started is retried to the end even while stopping: dropping it half-way would
    // leave an event that may be in Kafka but is counted nowhere.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (true) {
      auto response = gateway.Post("/inventory/adjustments", key, body, "application/json");
      if (response && response->status == 202) {
        const auto answer = nlohmann::json::parse(response->body);
        std::lock_guard lock(mutex_);
        acknowledged_.push_back({answer["eventId"], sku, add ? quantity : -quantity});
        break;
      }
      if (std::chrono::steady_clock::now() > give_up) {
        ++abandoned_;
        break;
      }
      ++retries_;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 150));  // client backoff
    }
  }
}

std::size_t LoadDriver::acknowledged_count() const {
  std::lock_guard lock(mutex_);
  return acknowledged_.size();
}

std::vector<LoadDriver::Acknowledged> LoadDriver::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acknowledged_;
}

std::map<std::string, long> LoadDriver::expected_stock() const {
  std::map<std::string, long> stock;
  for (const auto& a : acknowledged()) stock[a.sku] += a.delta;
  return stock;
}

bool LoadDriver::wait_for_more(std::size_t count, std::chrono::seconds timeout) const {
  const std::size_t target = acknowledged_count() + count;
  return eventually([&] { return acknowledged_count() >= target; }, timeout);
}

}  // namespace orderflow::testing
