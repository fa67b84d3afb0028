// The processor's write path on a real PostgreSQL: PostgresEventStore (one transaction per batch,
// one set-based statement per table) against a baseline that applies the same events with one
// statement per event in the same single transaction — what the store replaced.
#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "orderflow/postgres/migrations.h"
#include "orderflow/storage/postgres_event_store.h"
#include "orderflow/storage/schema.h"

#include "bench_common.h"

namespace orderflow::bench {
namespace {

constexpr int kInboxRetentionDays = 8;  // the processor's default

constexpr const char* kBaselineInbox = R"(
  INSERT INTO processed_events (event_id, event_type, payload, payload_sha256, source_topic, source_partition, source_offset)
  VALUES ($1, $2, $3::jsonb, sha256(convert_to($3::text, 'UTF8')), 'bench', 0, $4)
  ON CONFLICT (event_id, processed_on) DO NOTHING RETURNING event_id)";
constexpr const char* kBaselineInventory = R"(
  INSERT INTO inventory (sku, quantity) VALUES ($1, $2)
  ON CONFLICT (sku) DO UPDATE SET quantity = inventory.quantity + EXCLUDED.quantity, updated_at = now())";

std::vector<storage::IncomingEvent> batch_of(const std::string& run, int batch, int size) {
  std::vector<storage::IncomingEvent> events;
  for (int i = 0; i < size; ++i) {
    const std::string id = run + "-" + std::to_string(batch) + "-" + std::to_string(i);
    const std::string payload = R"({"eventId":")" + id + R"(","eventType":"InventoryAdjusted","sku":"SKU-)" +
                                std::to_string(i % 200) +
                                R"(","quantity":3,"adjustmentType":"add","adjustedAt":"2025-10-20T10:00:00Z"})";
    events.push_back({id, "InventoryAdjusted", payload, "bench", 0, i, ""});
  }
  return events;
}

}  // namespace

void run_store_bench(const std::string& dsn, int batches, int batch_size) {
  {
    pqxx::connection connection(dsn);
    postgres::migrate(connection, storage::migrations());
  }
  const int events = batches * batch_size;

  storage::PostgresEventStore store(dsn, kInboxRetentionDays);
  const double set_based = seconds_for([&] {
    for (int b = 0; b < batches; ++b) store.apply(batch_of("set", b, batch_size));
  });

  pqxx::connection connection(dsn);
  const double per_event = seconds_for([&] {
    for (int b = 0; b < batches; ++b) {
      pqxx::work txn(connection);
      for (const auto& e : batch_of("row", b, batch_size)) {
        if (!txn.exec_params(kBaselineInbox, e.event_id, e.event_type, e.payload, e.offset).empty()) {
          txn.exec_params(kBaselineInventory, "ROW-" + e.event_id.substr(e.event_id.size() - 2), 3);
        }
      }
      txn.commit();
    }
  });

  report("processor write path, batches of " + std::to_string(batch_size), "events/s", events / set_based,
         "statement per event", events / per_event);
}

}  // namespace orderflow::bench
