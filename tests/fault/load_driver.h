#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace orderflow::testing {

// A steady keyed load on the gateway: inventory adjustments of a few SKUs, each sent with its
// own Idempotency-Key and retried with that same key — through refused connections, 5xx and 409 —
// until the gateway answers 202, as a careful client would. Records what was acknowledged.
class LoadDriver {
 public:
  struct Acknowledged {
    std::string event_id;
    std::string sku;
    long delta = 0;
  };

  LoadDriver(int gateway_port, std::string api_key, std::string run, int clients = 4, int skus = 8);
  ~LoadDriver();

  void start();
  // Stops taking new requests; returns once every request in flight was acknowledged (or gave up
  // after its retries ran out, which counts as not acknowledged).
  void stop();

  std::size_t acknowledged_count() const;
  // Waits until `count` more requests than now were acknowledged; false if that took over `timeout`.
  bool wait_for_more(std::size_t count, std::chrono::seconds timeout) const;
  std::vector<Acknowledged> acknowledged() const;
  std::map<std::string, long> expected_stock() const;  // sku -> sum of acknowledged deltas
  std::size_t retries() const { return retries_.load(); }
  std::size_t abandoned() const { return abandoned_.load(); }

 private:
  void client(int index);

  int port_;
  std::string api_key_;
  std::string run_;
  int clients_;
  int skus_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> retries_{0};
  std::atomic<std::size_t> abandoned_{0};
  mutable std::mutex mutex_;
  std::vector<Acknowledged> acknowledged_;
  std::vector<std::thread> threads_;
};

}  // namespace orderflow::testing
