#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct redisReader;

namespace orderflow::redis {

class RedisError : public std::runtime_error {
 public:
  // `configuration`: refused for how it is configured (TLS verification, password, ACL), which
  // retrying does not fix, as opposed to Redis being unreachable.
  explicit RedisError(const std::string& what, bool configuration = false)
      : std::runtime_error(what), configuration_(configuration) {}
  bool configuration() const { return configuration_; }

 private:
  bool configuration_;
};

struct Reply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string text;  // string, status or error
  long long integer = 0;
  std::vector<Reply> elements;
};

struct RedisOptions {
  // redis://[[user]:password@]host[:port][/db]; rediss:// for TLS (the server's certificate must be
  // signed by ca_file, or the system's CAs without one, and name the host).
  std::string url = "redis://127.0.0.1:6379/0";
  std::chrono::milliseconds timeout{200};  // connect and each command
  std::string ca_file{};
};

class Connection;
class TlsContext;

// A synchronous Redis connection for one thread (plain or TLS; hiredis encodes and decodes RESP). Any I/O failure drops
// the connection and throws RedisError; the next call reconnects, so a Redis restart costs the calls made while it was
// down.
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
  Reply read_reply();

  RedisOptions options_;
  std::string host_;
  int port_ = 6379;
  std::string user_;
  std::string password_;
  int database_ = 0;
  std::unique_ptr<TlsContext> tls_;  // rediss:// only
  std::unique_ptr<Connection> connection_;
  redisReader* reader_ = nullptr;
};

// Connects once, at start-up. A configuration Redis refuses (TLS, password, ACL) throws: it does
// not pass by itself. Redis merely unreachable is logged, and start-up goes on: orderflow uses
// Redis only as a cache and for limits that fail open.
void check_configuration(const RedisOptions& options);

}  // namespace orderflow::redis
