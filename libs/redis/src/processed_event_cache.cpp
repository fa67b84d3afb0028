#include "orderflow/redis/processed_event_cache.h"

namespace orderflow::redis {

std::vector<bool> ProcessedEventCache::contains(const std::vector<std::string>& event_ids) {
  std::vector<bool> found(event_ids.size(), false);
  if (event_ids.empty()) return found;
  std::vector<std::string> mget = {"MGET"};
  for (const auto& id : event_ids) mget.push_back(key(id));
  const Reply reply = client_.command(mget);
  if (reply.type != Reply::Type::kArray || reply.elements.size() != event_ids.size()) {
    throw RedisError("unexpected MGET reply: " + reply.text);
  }
  for (size_t i = 0; i < event_ids.size(); ++i) found[i] = reply.elements[i].type != Reply::Type::kNil;
  return found;
}

void ProcessedEventCache::remember(const std::vector<std::string>& event_ids) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(event_ids.size());
  for (const auto& id : event_ids) commands.push_back({"SET", key(id), "1", "EX", std::to_string(ttl_.count())});
  for (const auto& reply : client_.pipeline(commands)) {
    if (reply.type == Reply::Type::kError) throw RedisError("Redis refused SET: " + reply.text);
  }
}

}  // namespace orderflow::redis
