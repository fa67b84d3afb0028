#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace orderflow::redis {

// The TLS side of a connection: the CA that signs the server's certificate, whose name
// (DNS or IP) must match the host connected to.
class TlsContext {
 public:
  // Throws RedisError when the CA file cannot be loaded.
  explicit TlsContext(const std::string& ca_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  SSL_CTX* get() const { return context_; }

 private:
  SSL_CTX* context_ = nullptr;
};

// One blocking TCP connection to Redis, in plain text or TLS, every read and write bounded by
// `timeout`. hiredis 0.14 (Debian 12's) speaks no TLS, so the connection is ours and hiredis only
// encodes commands and decodes replies (redis_client.cpp).
class Connection {
 public:
  // Throws RedisError when the host cannot be reached or the TLS handshake fails (the reason says
  // which: an unknown CA, a name mismatch, ...). `tls` null: plain text.
  Connection(const std::string& host, int port, std::chrono::milliseconds timeout, const TlsContext* tls);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void write_all(std::string_view bytes);
  // At least one byte; throws RedisError on a closed connection or a timeout.
  std::size_t read_some(char* buffer, std::size_t size);

 private:
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string where_;  // host:port, for errors
};

}  // namespace orderflow::redis
