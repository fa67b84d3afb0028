#include "orderflow/redis/processed_event_cache.h"

namespace orderflow::redis {

std::vector<std::optional<std::string>> ProcessedEventCache::lookup(const std::vector<std::string>& event_ids) {
  std::vector<std::optional<std::string>> found(event_ids.size());
  if (event_ids.empty()) return found;
  std::vector<std::string> mget = {"MGET"};
  for (const auto& id : event_ids) mget.push_back(key(id));
  const Reply reply = client_.command(mget);
  if (reply.type != Reply::Type::kArray || reply.elements.size() != event_ids.size()) {
    throw RedisError("unexpected MGET reply: " + reply.text);
  }
  for (size_t i = 0; i < event_ids.size(); ++i) {
    if (reply.elements[i].type == Reply::Type::kString) found[i] = reply.elements[i].text;
  }
  return found;
}

void ProcessedEventCache::remember(const std::vector<std::pair<std::string, std::string>>& fingerprints) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(fingerprints.size());
  for (const auto& [id, fingerprint] : fingerprints) {
    commands.push_back({"SET", key(id), fingerprint, "EX", std::to_string(ttl_.count())});
  }
  for (const auto& reply : client_.pipeline(commands)) {
    if (reply.type == Reply::Type::kError) throw RedisError("Redis refused SET: " + reply.text);
  }
}

}  // namespace orderflow::redis
