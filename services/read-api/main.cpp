// orderflow read-api: answers queries about orders from PostgreSQL.
#include "routes.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/http/settings.h"
#include "orderflow/redis/redis_client.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/database_setup.h"
#include "orderflow/storage/settings.h"

#include <mutex>

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("read-api", argc, argv);
  init_logging(settings, "read-api");
  const auto http_options = http::read_server_options(settings, 8081);
  const auto dsn = storage::read_database_url(settings);
  const auto pool_size = static_cast<std::size_t>(
      settings.integer("DATABASE_POOL_SIZE", 8, 1, 512, "PostgreSQL connections shared by the HTTP threads"));
  const auto redis_options = redis::read_redis_options(settings, "for GET /events/{id} of events not yet stored");
  settings.finish();

  try {
    if (!storage::migrate_when_available(dsn, shutdown)) return 0;
    auto registry = std::make_shared<metrics::Registry>();
    postgres::ConnectionPool pool(dsn, pool_size);
    http::Server server(http_options, registry);
    redis::RedisClient redis_client(redis_options);
    std::mutex redis_mutex;
    read_api::add_routes(server, pool, [&](const std::string& event_id) {
      try {
        std::lock_guard lock(redis_mutex);
        return redis_client.command({"EXISTS", "orderflow:accepted:" + event_id}).integer == 1;
      } catch (const std::exception& e) {
        log::warn("Redis unavailable; cannot tell whether an event was accepted", {{"error", e.what()}});
        return false;
      }
    });
    server.set_readiness([&pool](std::string& detail) {
      try {
        auto connection = pool.acquire();
        pqxx::nontransaction(*connection).exec("SELECT 1");
        return true;
      } catch (const std::exception& e) {
        detail = std::string("PostgreSQL: ") + e.what();
        return false;
      }
    });
    server.start();
    log::info("read-api ready", {{"port", server.port()}});
    shutdown.wait();
    server.stop();
  } catch (const std::exception& e) {
    log::error("read-api stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("read-api stopped");
  return 0;
}
