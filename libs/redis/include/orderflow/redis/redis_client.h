#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

struct redisContext;

namespace orderflow::redis {

class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Reply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string text;  // string, status or error
  long long integer = 0;
  std::vector<Reply> elements;
};

struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379/0";  // redis://[[user]:password@]host[:port][/db]
  std::chrono::milliseconds timeout{200};        // connect and each command
};

// A synchronous hiredis connection for one thread. Any I/O failure drops the connection and
// throws RedisError; the next call reconnects, so a Redis restart costs the calls made while it
// was down.
class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Sends all commands in one round trip; one reply per command, in order.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);
  Reply command(const std::vector<std::string>& args);

 private:
  void connect();
  void disconnect();

  RedisOptions options_;
  std::string host_;
  int port_ = 6379;
  std::string user_;
  std::string password_;
  int database_ = 0;
  redisContext* context_ = nullptr;
};

}  // namespace orderflow::redis
