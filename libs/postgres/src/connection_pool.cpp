#include "orderflow/postgres/connection_pool.h"

#include "orderflow/common/logger.h"

namespace orderflow::postgres {

ConnectionPool::ConnectionPool(std::string dsn, std::size_t size) : dsn_(std::move(dsn)) {
  idle_.resize(size);
}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_ptr<pqxx::connection> connection;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    connection = std::move(idle_.back());
    idle_.pop_back();
  }
  try {
    if (!connection || !connection->is_open()) connection = std::make_unique<pqxx::connection>(dsn_);
  } catch (...) {
    give_back(nullptr);
    throw;
  }
  return Lease(*this, std::move(connection));
}

void ConnectionPool::give_back(std::unique_ptr<pqxx::connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

bool is_transient(const std::exception& error) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error)) return true;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error)) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    const std::string& state = sql->sqlstate();
    // 08 connection exception, 40 transaction rollback (serialization, deadlock), 53 insufficient
    // resources, 57P admin shutdown / crash shutdown / cannot connect now.
    return state.rfind("08", 0) == 0 || state.rfind("40", 0) == 0 || state.rfind("53", 0) == 0 ||
           state.rfind("57P", 0) == 0;
  }
  return false;
}

bool ConnectionPool::ready(std::string& detail) {
  try {
    auto connection = acquire();
    pqxx::nontransaction(*connection).exec("SELECT 1");
    return true;
  } catch (const std::exception& e) {
    log::warn("PostgreSQL unreachable", {{"error", e.what()}});
    detail = "PostgreSQL unreachable";
    return false;
  }
}

bool is_configuration_error(const std::exception& error) {
  const std::string_view what = error.what();
  for (const std::string_view sign :
       {"password authentication failed", "certificate verify failed", "SSL error", "no pg_hba.conf entry",
        "root certificate file", "does not match host name", "SSL connection is required",
        "server does not support SSL", "password is missing", "no password supplied"}) {
    if (what.find(sign) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace orderflow::postgres
