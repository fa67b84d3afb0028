#include "connection.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orderflow/redis/redis_client.h"

namespace orderflow::redis {
namespace {

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "TLS failure";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

bool is_ip_address(const std::string& host) {
  in6_addr address;
  return inet_pton(AF_INET, host.c_str(), &address) == 1 || inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

}  // namespace

TlsContext::TlsContext(const std::string& ca_file) : context_(SSL_CTX_new(TLS_client_method())) {
  if (!context_) throw RedisError("cannot create a TLS context: " + openssl_error());
  SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
  SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
  const bool loaded = ca_file.empty() ? SSL_CTX_set_default_verify_paths(context_) == 1
                                      : SSL_CTX_load_verify_locations(context_, ca_file.c_str(), nullptr) == 1;
  if (!loaded) {
    SSL_CTX_free(context_);
    throw RedisError("cannot load the Redis CA file '" + ca_file + "': " + openssl_error(), true);
  }
}

TlsContext::~TlsContext() {
  SSL_CTX_free(context_);
}

Connection::Connection(const std::string& host, int port, std::chrono::milliseconds timeout, const TlsContext* tls)
    : where_(host + ":" + std::to_string(port)) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
    throw RedisError("cannot resolve Redis host " + host);
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> address(found, freeaddrinfo);
  fd_ = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw RedisError("cannot create a socket: " + std::string(std::strerror(errno)));
  // Connect within the timeout, then block with the timeout on every read and write.
  int result = ::connect(fd_, found->ai_addr, found->ai_addrlen);
  if (result != 0 && errno == EINPROGRESS) {
    pollfd p{fd_, POLLOUT, 0};
    result = poll(&p, 1, static_cast<int>(timeout.count())) == 1 ? 0 : -1;
    int error = result == 0 ? 0 : ETIMEDOUT;
    socklen_t length = sizeof error;
    if (result == 0) getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    errno = error;
    result = error == 0 ? 0 : -1;
  }
  if (result != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw RedisError("cannot connect to Redis at " + where_ + ": " + why);
  }
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  const timeval tv{static_cast<time_t>(timeout.count() / 1000),
                   static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!tls) return;

  ssl_ = SSL_new(tls->get());
  bool configured = ssl_ && SSL_set_fd(ssl_, fd_) == 1;
  if (configured && is_ip_address(host)) {
    configured = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str()) == 1;
  } else if (configured) {
    configured = SSL_set_tlsext_host_name(ssl_, host.c_str()) == 1 && SSL_set1_host(ssl_, host.c_str()) == 1;
  }
  if (!configured || SSL_connect(ssl_) != 1) {
    const long verify = ssl_ ? SSL_get_verify_result(ssl_) : X509_V_OK;
    const std::string why = verify != X509_V_OK
                                ? std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify)
                                : openssl_error();
    SSL_free(ssl_);
    ssl_ = nullptr;
    ::close(fd_);
    throw RedisError("TLS handshake with Redis at " + where_ + " failed: " + why, true);
  }
}

Connection::~Connection() {
  if (ssl_) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
  if (fd_ >= 0) ::close(fd_);
}

void Connection::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ssl_ ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                              : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) {
      if (!ssl_ && errno == EINTR) continue;
      throw RedisError("Redis I/O failed: cannot write to " + where_);
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

std::size_t Connection::read_some(char* buffer, std::size_t size) {
  while (true) {
    const ssize_t got = ssl_ ? SSL_read(ssl_, buffer, static_cast<int>(size)) : ::recv(fd_, buffer, size, 0);
    if (got > 0) return static_cast<std::size_t>(got);
    if (!ssl_ && got < 0 && errno == EINTR) continue;
    throw RedisError(got == 0 ? "Redis I/O failed: " + where_ + " closed the connection"
                              : "Redis I/O failed: no answer from " + where_ + " in time");
  }
}

}  // namespace orderflow::redis
