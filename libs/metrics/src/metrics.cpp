#include "orderflow/metrics/metrics.h"

#include <prometheus/text_serializer.h>

namespace orderflow::metrics {

const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                   0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

const prometheus::Histogram::BucketBoundaries& size_buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {1,   5,    10,   50,   100,  250,
                                                                   500, 1000, 2500, 5000, 10000};
  return kBuckets;
}

std::string render(const Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

}  // namespace orderflow::metrics
