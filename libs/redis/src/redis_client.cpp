#include "orderflow/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <memory>
#include <regex>

#include "orderflow/common/logger.h"

#include "connection.h"

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

}  // namespace

RedisClient::RedisClient(RedisOptions options) : options_(std::move(options)) {
  // redis://[[user]:password@]host[:port][/db]; the user is an ACL user (Redis 6+).
  static const std::regex kUrl(R"(^(rediss?)://(?:([^:@/]*):([^@]*)@)?([^:/@]+)(?::(\d{1,5}))?(?:/(\d{1,2}))?$)");
  std::smatch m;
  if (!std::regex_match(options_.url, m, kUrl)) {
    // The URL may hold a password: it is not repeated.
    throw std::invalid_argument("REDIS_URL is not redis[s]://[[user]:password@]host[:port][/db]");
  }
  if (m[1].str() == "rediss") {
    tls_ = std::make_unique<TlsContext>(options_.ca_file);
  } else if (!options_.ca_file.empty()) {
    // A CA given for a plain-text URL means TLS was meant: the password would cross in clear.
    throw RedisError("REDIS_CA_FILE is set but REDIS_URL is redis:// (plain text); use rediss://", true);
  }
  user_ = m[2].str();
  password_ = m[3].str();
  host_ = m[4].str();
  if (m[5].matched) port_ = std::stoi(m[5].str());
  if (m[6].matched) database_ = std::stoi(m[6].str());
}

RedisClient::~RedisClient() {
  disconnect();
}

void RedisClient::disconnect() {
  if (reader_) redisReaderFree(reader_);
  reader_ = nullptr;
  connection_.reset();
}

void RedisClient::connect() {
  connection_ = std::make_unique<Connection>(host_, port_, options_.timeout, tls_.get());
  reader_ = redisReaderCreate();
  if (!reader_) {
    disconnect();
    throw RedisError("out of memory");
  }
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
      throw RedisError("Redis refused the connection set-up: " + reply.text, true);
    }
  }
}

Reply RedisClient::read_reply() {
  while (true) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK) throw RedisError("Redis sent a malformed reply");
    if (raw) {
      std::unique_ptr<void, ReplyDeleter> owned(raw);
      return convert(static_cast<redisReply*>(raw));
    }
    char buffer[16 * 1024];
    const std::size_t got = connection_->read_some(buffer, sizeof buffer);
    if (redisReaderFeed(reader_, buffer, got) != REDIS_OK) throw RedisError("Redis sent a malformed reply");
  }
}

std::vector<Reply> RedisClient::pipeline(const std::vector<std::vector<std::string>>& commands) {
  if (!connection_) connect();
  try {
    std::string out;
    for (const auto& args : commands) {
      std::vector<const char*> argv;
      std::vector<size_t> lengths;
      for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
      }
      char* encoded = nullptr;
      const int length = redisFormatCommandArgv(&encoded, static_cast<int>(argv.size()), argv.data(), lengths.data());
      if (length < 0) throw RedisError("out of memory");
      out.append(encoded, static_cast<std::size_t>(length));
      redisFreeCommand(encoded);
    }
    connection_->write_all(out);
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) replies.push_back(read_reply());
    return replies;
  } catch (const RedisError&) {
    disconnect();  // the connection's state is unknown: the next call starts a new one
    throw;
  }
}

void check_configuration(const RedisOptions& options) {
  try {
    RedisClient(options).command({"PING"});
  } catch (const RedisError& e) {
    if (e.configuration()) throw RedisError(std::string(e.what()) + " (check REDIS_URL, REDIS_CA_FILE)", true);
    log::warn("Redis unreachable at start-up; going on without it until it is back", {{"error", e.what()}});
  }
}

Reply RedisClient::command(const std::vector<std::string>& args) {
  return pipeline({args}).front();
}

}  // namespace orderflow::redis
