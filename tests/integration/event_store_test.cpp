// PostgresEventStore and the migrations against a real PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <thread>

#include "orderflow/postgres/connection_pool.h"
#include "orderflow/postgres/migrations.h"
#include "orderflow/storage/queries.h"
#include "orderflow/storage/postgres_event_store.h"
#include "orderflow/storage/schema.h"
#include "orderflow/json/exact_json.h"
#include "test_stack.h"

namespace orderflow::testing {
namespace {

// Each test gets a database of its own, migrated from scratch.
class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    const std::string name = "store_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    {
      pqxx::connection admin(shared_stack().database_url());
      pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    }
    const auto& url = shared_stack().database_url();
    dsn_ = url.substr(0, url.rfind('/') + 1) + name;
    pqxx::connection connection(dsn_);
    postgres::migrate(connection, storage::migrations());
  }

  static storage::IncomingEvent order_event(const std::string& event_id, const std::string& order_id,
                                            const std::string& amount, std::int64_t offset = 0) {
    const std::string payload = R"({"eventId":")" + event_id + R"(","eventType":"OrderPlaced","orderId":")" +
                                order_id + R"(","userId":"u1","totalAmount":)" + amount +
                                R"(,"currency":"USD","status":"pending","placedAt":"2025-10-06T17:00:00Z"})";
    return {event_id, "OrderPlaced", payload, "validated", 0, offset};
  }

  long scalar(const std::string& sql) {
    pqxx::connection connection(dsn_);
    return pqxx::work(connection).exec(sql)[0][0].as<long>();
  }

  std::string dsn_;
};

TEST_F(EventStoreTest, ApplyingTheSameBatchTwiceHasTheEffectOfApplyingItOnce) {
  storage::PostgresEventStore store(dsn_);
  const std::vector<storage::IncomingEvent> batch = {order_event("e1", "o1", "10.00"), order_event("e2", "o2", "20")};
  const auto first = store.apply(batch);
  const auto second = store.apply(batch);
  EXPECT_EQ(first.applied, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.duplicates, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 2);
}

TEST_F(EventStoreTest, AmountsAreStoredAndReadBackExactly) {
  storage::PostgresEventStore store(dsn_);
  store.apply({order_event("e1", "o1", "0.1"), order_event("e2", "o2", "100.10"),
               order_event("e3", "o3", "9999999999999999.99")});
  pqxx::connection connection(dsn_);
  EXPECT_EQ(json::dump_exact(storage::find_order(connection, "o1")->at("totalAmount")), "0.1");
  EXPECT_EQ(json::dump_exact(storage::find_order(connection, "o2")->at("totalAmount")), "100.10");
  EXPECT_EQ(json::dump_exact(storage::find_order(connection, "o3")->at("totalAmount")), "9999999999999999.99");
  EXPECT_EQ(scalar("SELECT count(*) FROM orders WHERE total_amount = 0.1"), 1);
}

TEST_F(EventStoreTest, TheFirstPlacementOfAnOrderWinsEvenWithinOneBatch) {
  storage::PostgresEventStore store(dsn_);
  store.apply({order_event("e1", "o1", "1.00"), order_event("e2", "o1", "2.00")});
  store.apply({order_event("e3", "o1", "3.00")});
  pqxx::connection connection(dsn_);
  EXPECT_EQ(json::dump_exact(storage::find_order(connection, "o1")->at("totalAmount")), "1.00");
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 3);
}

TEST_F(EventStoreTest, DataPostgresRefusesFailsTheWholeBatchAsAPermanentError) {
  storage::PostgresEventStore store(dsn_);
  auto bad = order_event("e2", "o2", "\"not a number\"");
  try {
    store.apply({order_event("e1", "o1", "1.00"), bad});
    FAIL() << "expected the batch to be refused";
  } catch (const std::exception& e) {
    EXPECT_FALSE(postgres::is_transient(e)) << e.what();
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 0);  // nothing half-applied
  EXPECT_EQ(store.apply({order_event("e1", "o1", "1.00")}).applied.size(), 1u);
}

TEST_F(EventStoreTest, MigrationsAreIdempotentAndSafeToRunConcurrently) {
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      pqxx::connection connection(dsn_);
      applied += postgres::migrate(connection, storage::migrations());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), 0);  // SetUp applied them all already
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), static_cast<long>(storage::migrations().size()));
}

}  // namespace
}  // namespace orderflow::testing
