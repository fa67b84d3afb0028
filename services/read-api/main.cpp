// orderflow read-api: answers queries about orders from PostgreSQL.
#include "orderflow/auth/key_directory.h"
#include "orderflow/auth/request_guard.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/storage/database_setup.h"

#include "accepted_event_notes.h"
#include "read_api_config.h"
#include "routes.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("read-api", argc, argv);
  init_logging(settings, "read-api");
  const auto config = read_api::ReadApiConfig::read(settings);
  settings.finish();

  try {
    if (!storage::migrate_when_available(config.database_url, shutdown)) return 0;
    auto registry = std::make_shared<metrics::Registry>();
    postgres::ConnectionPool pool(config.database_url, config.pool_size);
    http::Server server(config.http, registry);
    redis::check_configuration(config.redis);
    redis::RedisClient redis_client(config.redis);
    read_api::AcceptedEventNotes accepted(redis_client);
    std::unique_ptr<auth::ApiKeyStore> key_store;
    std::unique_ptr<auth::KeyDirectory> keys;
    std::unique_ptr<auth::JwtVerifier> jwt;
    std::unique_ptr<auth::RequestGuard> guard;
    if (config.auth.required) {
      key_store = std::make_unique<auth::ApiKeyStore>(pool);
      keys = std::make_unique<auth::KeyDirectory>([&] { return key_store->active(); }, config.auth.refresh);
      if (config.auth.jwt) jwt = std::make_unique<auth::JwtVerifier>(*config.auth.jwt);
      guard = std::make_unique<auth::RequestGuard>(*keys, nullptr, config.auth.guard, *registry, jwt.get());
    }
    read_api::add_routes(
        server, pool, [&accepted](const std::string& event_id) { return accepted.knows(event_id); },
        guard ? guard->as_guard() : nullptr);
    server.set_readiness([&pool](std::string& detail) { return pool.ready(detail); });
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
