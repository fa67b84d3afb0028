#pragma once

#include <mutex>
#include <string>

#include "orderflow/kafka/dead_letters.h"
#include "orderflow/metrics/metrics.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::redis {

// Sends dead letters to `durable` (the Kafka dead letter topic) and then copies them onto the
// Redis list dlq:events in seed 002's entry format, {"eventId","originalData","error","timestamp",
// "retryCount"} plus reason, stage, topic, partition and offset, for people who inspect the DLQ
// with redis-cli. The Kafka copy is the record: a Redis failure is logged and counted
// (dlq_mirror_failures_total), never allowed to hold up or fail the batch. The list is a recent
// view, not an archive: it keeps the newest kMaxEntries, and an original over the dead letters'
// copy limit is left out of its entry (originalData null, originalOmitted its size).
class DeadLetterMirror : public kafka::DeadLetterSink {
 public:
  static constexpr const char* kListKey = "dlq:events";
  static constexpr long kMaxEntries = 10'000;

  DeadLetterMirror(kafka::DeadLetterSink& durable, RedisClient& client, metrics::Registry& registry);
  void send_all(const std::vector<kafka::DeadLetter>& letters) override;

  static std::string entry(const kafka::DeadLetter& letter);

 private:
  kafka::DeadLetterSink& durable_;
  std::mutex client_mutex_;
  RedisClient& client_;
  prometheus::Counter& failures_;
};

}  // namespace orderflow::redis
