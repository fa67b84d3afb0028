#include "orderflow/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <memory>
#include <regex>

namespace orderflow::redis {
namespace {

struct ReplyDeleter {
  void operator()(void* reply) const { freeReplyObject(reply); }
};

Reply convert(const redisReply* raw) {
  Reply reply;
  switch (raw->type) {
    case REDIS_REPLY_STRING:
      reply.type = Reply::Type::kString;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_STATUS:
      reply.type = Reply::Type::kStatus;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_ERROR:
      reply.type = Reply::Type::kError;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_INTEGER:
      reply.type = Reply::Type::kInteger;
      reply.integer = raw->integer;
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = Reply::Type::kArray;
      for (size_t i = 0; i < raw->elements; ++i) reply.elements.push_back(convert(raw->element[i]));
      break;
    default:
      reply.type = Reply::Type::kNil;
      break;
  }
  return reply;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

}  // namespace

RedisClient::RedisClient(RedisOptions options) : options_(std::move(options)) {
  // redis://[[user]:password@]host[:port][/db]; the user is an ACL user (Redis 6+).
  static const std::regex kUrl(R"(^redis://(?:([^:@/]*):([^@]*)@)?([^:/@]+)(?::(\d{1,5}))?(?:/(\d{1,2}))?$)");
  std::smatch m;
  if (!std::regex_match(options_.url, m, kUrl)) {
    // The URL may hold a password: it is not repeated.
    throw std::invalid_argument("REDIS_URL is not redis://[[user]:password@]host[:port][/db]");
  }
  user_ = m[1].str();
  password_ = m[2].str();
  host_ = m[3].str();
  if (m[4].matched) port_ = std::stoi(m[4].str());
  if (m[5].matched) database_ = std::stoi(m[5].str());
}

RedisClient::~RedisClient() {
  disconnect();
}

void RedisClient::disconnect() {
  if (context_) redisFree(context_);
  context_ = nullptr;
}

void RedisClient::connect() {
  const timeval timeout = to_timeval(options_.timeout);
  context_ = redisConnectWithTimeout(host_.c_str(), port_, timeout);
  if (!context_ || context_->err) {
    const std::string why = context_ ? context_->errstr : "out of memory";
    disconnect();
    throw RedisError("cannot connect to Redis at " + host_ + ":" + std::to_string(port_) + ": " + why);
  }
  redisSetTimeout(context_, timeout);
  std::vector<std::vector<std::string>> setup;
  if (!user_.empty()) {
    setup.push_back({"AUTH", user_, password_});
  } else if (!password_.empty()) {
    setup.push_back({"AUTH", password_});
  }
  if (database_ != 0) setup.push_back({"SELECT", std::to_string(database_)});
  for (const auto& reply : pipeline(setup)) {
    if (reply.type == Reply::Type::kError) {
      disconnect();
      throw RedisError("Redis refused the connection set-up: " + reply.text);
    }
  }
}

std::vector<Reply> RedisClient::pipeline(const std::vector<std::vector<std::string>>& commands) {
  if (!context_) connect();
  for (const auto& args : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
  }
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      const std::string why = context_->errstr;
      disconnect();
      throw RedisError("Redis I/O failed: " + why);
    }
    std::unique_ptr<void, ReplyDeleter> owned(raw);
    replies.push_back(convert(static_cast<redisReply*>(raw)));
  }
  return replies;
}

Reply RedisClient::command(const std::vector<std::string>& args) {
  return pipeline({args}).front();
}

}  // namespace orderflow::redis
