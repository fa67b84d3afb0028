#include "orderflow/redis/dead_letter_mirror.h"

#include <nlohmann/json.hpp>

#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"

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
  const bool copied = letter.original.value.size() <= kafka::kMaxCopiedBytes;
  if (copied) {
    const auto parsed = json::parse_exact(letter.original.value);
    if (const auto* event = std::get_if<nlohmann::json>(&parsed); event && event->is_object()) {
      if (const auto id = event->find("eventId"); id != event->end() && id->is_string()) event_id = *id;
    }
  }
  nlohmann::json entry = {
      {"eventId", event_id},
      {"originalData", copied ? nlohmann::json(letter.original.value) : nlohmann::json(nullptr)},
      {"error", letter.reason + ": " + kafka::bounded_error_text(letter.error)},
      {"reason", letter.reason},
      {"stage", letter.stage},
      {"topic", letter.original.topic},
      {"partition", letter.original.partition},
      {"offset", letter.original.offset},
      {"timestamp", format_rfc3339(std::chrono::system_clock::now())},
      {"retryCount", letter.attempts - 1},
  };
  if (!copied) entry["originalOmitted"] = letter.original.value.size();
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
    client_.command({"LTRIM", kListKey, std::to_string(-kMaxEntries), "-1"});
  } catch (const std::exception& e) {
    failures_.Increment(static_cast<double>(letters.size()));
    log::warn("dead letters not copied to Redis; they are on the Kafka dead letter topic",
              {{"count", letters.size()}, {"error", e.what()}});
  }
}

}  // namespace orderflow::redis
