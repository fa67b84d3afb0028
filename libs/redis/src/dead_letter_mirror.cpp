#include "orderflow/redis/dead_letter_mirror.h"

#include <nlohmann/json.hpp>

#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"

namespace orderflow::redis {

DeadLetterMirror::DeadLetterMirror(kafka::DeadLetterSink& durable, RedisClient& client, metrics::Registry& registry)
    : durable_(durable),
      client_(client),
      failures_(prometheus::BuildCounter()
                    .Name("dlq_mirror_failures_total")
                    .Help("Dead letters written to Kafka but not copied to the Redis list dlq:events")
                    .Register(registry)
                    .Add({})) {}

std::string DeadLetterMirror::entry(const kafka::DeadLetter& letter) {
  nlohmann::json event_id = nullptr;
  const auto parsed = nlohmann::json::parse(letter.original.value, nullptr, false);
  if (parsed.is_object() && parsed.contains("eventId") && parsed["eventId"].is_string()) event_id = parsed["eventId"];
  const nlohmann::json entry = {
      {"eventId", event_id},
      {"originalData", letter.original.value},
      {"error", letter.reason + ": " + letter.error},
      {"reason", letter.reason},
      {"stage", letter.stage},
      {"topic", letter.original.topic},
      {"partition", letter.original.partition},
      {"offset", letter.original.offset},
      {"timestamp", format_rfc3339(std::chrono::system_clock::now())},
      {"retryCount", letter.attempts - 1},
  };
  return entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void DeadLetterMirror::send_all(const std::vector<kafka::DeadLetter>& letters) {
  durable_.send_all(letters);
  if (letters.empty()) return;
  std::vector<std::string> push = {"RPUSH", kListKey};
  for (const auto& letter : letters) push.push_back(entry(letter));
  try {
    std::lock_guard lock(client_mutex_);
    client_.command(push);
  } catch (const std::exception& e) {
    failures_.Increment(static_cast<double>(letters.size()));
    log::warn("dead letters not copied to Redis; they are on the Kafka dead letter topic",
              {{"count", letters.size()}, {"error", e.what()}});
  }
}

}  // namespace orderflow::redis
