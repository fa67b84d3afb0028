#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <string>

// Prometheus plumbing shared by the services: one registry per process, rendered on GET /metrics
// by the HTTP server, and the bucket layouts every latency histogram uses.
namespace orderflow::metrics {

using Registry = prometheus::Registry;

// 0.5 ms to 10 s: HTTP requests, Kafka round trips and database commits all fall inside it.
const prometheus::Histogram::BucketBoundaries& latency_buckets();
// 1 to 10,000: batch sizes.
const prometheus::Histogram::BucketBoundaries& size_buckets();

// The text exposition format.
std::string render(const Registry& registry);

// Observes the seconds since construction into `histogram` when it goes out of scope.
class ScopedTimer {
 public:
  explicit ScopedTimer(prometheus::Histogram& histogram)
      : histogram_(histogram), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    histogram_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  prometheus::Histogram& histogram_;
  std::chrono::steady_clock::time_point start_;
};

// Observes, for each message, the seconds since its `timestamp_ms` (milliseconds since the epoch).
template <typename Messages>
void observe_since(prometheus::Histogram& histogram, const Messages& messages) {
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  for (const auto& m : messages) {
    if (m.timestamp_ms > 0)
      histogram.Observe(static_cast<double>(std::max<std::int64_t>(now_ms - m.timestamp_ms, 0)) / 1000.0);
  }
}

}  // namespace orderflow::metrics
