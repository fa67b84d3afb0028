#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace orderflow::postgres {

// A fixed number of connections shared by threads. A connection found broken is replaced on the
// next acquire, so a PostgreSQL restart costs the requests in flight, not the process.
class ConnectionPool {
 public:
  ConnectionPool(std::string dsn, std::size_t size);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    pqxx::connection& operator*() { return *connection_; }
    pqxx::connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  // Blocks until a connection is free; connects (or reconnects) it first. Throws
  // pqxx::broken_connection when PostgreSQL cannot be reached.
  Lease acquire();

  // A readiness check: true when a pooled connection answers SELECT 1. The detail says only that
  // PostgreSQL is unreachable; the error itself (host, user, database) goes to the log, not to
  // whoever asks /ready.
  bool ready(std::string& detail);

 private:
  void give_back(std::unique_ptr<pqxx::connection> connection);

  std::string dsn_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // null entries: not connected yet
};

// True for failures that may pass by themselves: the connection dropped, the server is starting
// or shutting down, a serialization conflict, out of resources. False for errors in the statement
// or the data, which will fail the same way every time.
bool is_transient(const std::exception& error);

// True for a connection refused for its configuration: a wrong password, a certificate that does
// not verify (unknown CA, wrong host name), TLS required or refused, no pg_hba.conf entry. Waiting
// does not fix these, so start-up stops with them instead of retrying.
bool is_configuration_error(const std::exception& error);

}  // namespace orderflow::postgres
