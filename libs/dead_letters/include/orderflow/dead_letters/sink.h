#pragma once

#include <mutex>
#include <vector>

#include "orderflow/dead_letters/dead_letter.h"
#include "orderflow/metrics/metrics.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::dead_letters {

// Where dead letters go. send_all() returns only once every letter is durable, so the caller may
// then commit the originals' offsets; it throws when any could not be written.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual void send_all(const std::vector<DeadLetter>& letters) = 0;
};

// Sends dead letters to `durable` (the Kafka dead letter topic) and then copies them onto the
// Redis list kRedisList (redis_entry()) for people who inspect the DLQ with redis-cli. The Kafka
// copy is the record: a Redis failure is logged and counted (dlq_mirror_failures_total), never
// allowed to hold up or fail the batch.
class MirroredDeadLetters : public DeadLetterSink {
 public:
  MirroredDeadLetters(DeadLetterSink& durable, redis::RedisClient& client, metrics::Registry& registry);
  void send_all(const std::vector<DeadLetter>& letters) override;

 private:
  DeadLetterSink& durable_;
  std::mutex client_mutex_;
  redis::RedisClient& client_;
  prometheus::Counter& failures_;
};

}  // namespace orderflow::dead_letters
