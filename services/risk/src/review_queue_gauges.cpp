#include "review_queue_gauges.h"

#include <memory>
#include <pqxx/pqxx>

#include "orderflow/common/logger.h"

namespace orderflow::risk {

ReviewQueueGauges::ReviewQueueGauges(std::string dsn, std::chrono::milliseconds refresh, metrics::Registry& registry)
    : dsn_(std::move(dsn)),
      refresh_(refresh),
      pending_(prometheus::BuildGauge()
                   .Name("review_queue_pending")
                   .Help("Risk reviews waiting for a decision")
                   .Register(registry)
                   .Add({})),
      oldest_(prometheus::BuildGauge()
                  .Name("review_queue_oldest_pending_seconds")
                  .Help("Age of the oldest review waiting for a decision; 0 when none waits")
                  .Register(registry)
                  .Add({})),
      thread_([this] { run(); }) {}

ReviewQueueGauges::~ReviewQueueGauges() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ReviewQueueGauges::run() {
  std::unique_ptr<pqxx::connection> connection;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      if (!connection || !connection->is_open()) connection = std::make_unique<pqxx::connection>(dsn_);
      pqxx::read_transaction txn(*connection);
      const auto row = txn.exec1(R"(
        SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
        FROM reviews WHERE status = 'pending')");
      pending_.Set(row[0].as<double>());
      oldest_.Set(row[1].as<double>());
    } catch (const std::exception& e) {
      connection.reset();
      log::warn("review queue not read", {{"error", e.what()}});
    }
    lock.lock();
    wake_.wait_for(lock, refresh_, [this] { return stopping_; });
  }
}

}  // namespace orderflow::risk
