#include "orderflow/dead_letters/sink.h"

#include "orderflow/common/logger.h"

namespace orderflow::dead_letters {

MirroredDeadLetters::MirroredDeadLetters(DeadLetterSink& durable, redis::RedisClient& client,
                                         metrics::Registry& registry)
    : durable_(durable),
      client_(client),
      failures_(prometheus::BuildCounter()
                    .Name("dlq_mirror_failures_total")
                    .Help("Dead letters written to Kafka but not copied to the Redis list dlq:events")
                    .Register(registry)
                    .Add({})) {}

void MirroredDeadLetters::send_all(const std::vector<DeadLetter>& letters) {
  durable_.send_all(letters);
  if (letters.empty()) return;
  std::vector<std::string> push = {"RPUSH", kRedisList};
  for (const auto& letter : letters) push.push_back(redis_entry(letter));
  try {
    std::lock_guard lock(client_mutex_);
    client_.command(push);
    client_.command({"LTRIM", kRedisList, std::to_string(-kRedisListMax), "-1"});
  } catch (const std::exception& e) {
    failures_.Increment(static_cast<double>(letters.size()));
    log::warn("dead letters not copied to Redis; they are on the Kafka dead letter topic",
              {{"count", letters.size()}, {"error", e.what()}});
  }
}

}  // namespace orderflow::dead_letters
