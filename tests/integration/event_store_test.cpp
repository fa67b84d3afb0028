// PostgresEventStore and the migrations against a real PostgreSQL.
#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <thread>
#include <unistd.h>

#include "orderflow/common/failure.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"
#include "orderflow/postgres/migrations.h"
#include "orderflow/storage/postgres_event_store.h"
#include "orderflow/storage/queries.h"
#include "orderflow/storage/schema.h"

#include "eventually.h"
#include "test_stack.h"

namespace orderflow::testing {
namespace {

constexpr int kRetentionDays = 8;  // the processor's default deduplication window

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

  // A new database beside this test's, named with `suffix`, migrated up to `version`: its DSN.
  std::string database_migrated_up_to(int version, const std::string& suffix) {
    const auto name = dsn_.substr(dsn_.rfind('/') + 1) + suffix;
    {
      pqxx::connection admin(dsn_);
      pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    }
    const auto dsn = dsn_.substr(0, dsn_.rfind('/') + 1) + name;
    std::vector<postgres::Migration> earlier;
    for (const auto& m : storage::migrations()) {
      if (m.version <= version) earlier.push_back(m);
    }
    pqxx::connection connection(dsn);
    postgres::migrate(connection, earlier);
    return dsn;
  }

  static storage::IncomingEvent order_event(const std::string& event_id, const std::string& order_id,
                                            const std::string& amount, std::int64_t offset = 0) {
    const std::string payload = R"({"eventId":")" + event_id + R"(","eventType":"OrderPlaced","orderId":")" + order_id +
                                R"(","userId":"u1","totalAmount":)" + amount +
                                R"(,"currency":"USD","status":"pending","placedAt":"2025-10-06T17:00:00Z"})";
    return {event_id, "OrderPlaced", payload, "validated", 0, offset, ""};
  }

  static storage::IncomingEvent event(const std::string& json_text) {
    const auto doc = nlohmann::json::parse(json_text);
    return {doc["eventId"], doc["eventType"], json_text, "validated", 0, 0, ""};
  }
  static storage::IncomingEvent payment(const std::string& event_id, const std::string& status,
                                        const std::string& settled_at, const std::string& order_id = "o1") {
    return event(R"({"eventId":")" + event_id + R"(","eventType":"PaymentSettled","paymentId":"p1","orderId":")" +
                 order_id + R"(","amount":299.99,"currency":"USD","paymentMethod":"credit_card","status":")" + status +
                 R"(","settledAt":")" + settled_at + R"("})");
  }
  static storage::IncomingEvent adjustment(const std::string& event_id, const std::string& type, int quantity) {
    return event(R"({"eventId":")" + event_id + R"(","eventType":"InventoryAdjusted","sku":"LAPTOP-001","quantity":)" +
                 std::to_string(quantity) + R"(,"adjustmentType":")" + type +
                 R"(","adjustedAt":"2025-10-20T10:00:00Z"})");
  }
  storage::OrderRow order(const std::string& id) {
    pqxx::connection connection(dsn_);
    return storage::find_order(connection, id).value();
  }

  long scalar(const std::string& sql) {
    pqxx::connection connection(dsn_);
    return pqxx::work(connection).exec(sql)[0][0].as<long>();
  }

  std::string text(const std::string& sql) {
    pqxx::connection connection(dsn_);
    return pqxx::work(connection).exec(sql)[0][0].c_str();
  }

  // Makes an inbox entry look as if it had been applied `days` ago: the row moves to that day's
  // partition (created as the daily maintenance of that day would have).
  void age_inbox_entry(const std::string& event_id, int days) {
    pqxx::connection connection(dsn_);
    pqxx::work txn(connection);
    const std::string day = "(now() AT TIME ZONE 'UTC')::date - " + std::to_string(days);
    txn.exec("SELECT orderflow_inbox_maintain(" + std::to_string(kRetentionDays) + ", " + day + ")");
    txn.exec_params("UPDATE processed_events SET processed_on = " + day + " WHERE event_id = $1", event_id);
    txn.commit();
  }

  // The size of the processor session's staging table (the only session of the test's database
  // that has one).
  long staging_bytes() {
    return scalar(
        "SELECT coalesce(sum(pg_table_size(oid)), 0) FROM pg_class "
        "WHERE relname = 'incoming_events' AND relpersistence = 't'");
  }

  std::string partition_of_day(int days_ago) {
    return text("SELECT 'processed_events_p' || to_char((now() AT TIME ZONE 'UTC')::date - " +
                std::to_string(days_ago) + ", 'YYYYMMDD')");
  }

  std::string dsn_;
};

TEST_F(EventStoreTest, TheInboxHasOnePartitionPerDayReadyDaysAhead) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({order_event("e1", "o1", "1.00")});
  EXPECT_EQ(text("SELECT tableoid::regclass::text FROM processed_events WHERE event_id = 'e1'"), partition_of_day(0));
  std::string coming_days;
  for (int day = 0; day <= 3; ++day) coming_days += (day ? ", '" : "'") + partition_of_day(-day) + "'";
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = 'processed_events'::regclass AND "
                   "inhrelid::regclass::text IN (" +
                   coming_days + ")"),
            4);
}

// A session is set up (its staging table and apply function) before its first batch. A setup
// PostgreSQL refuses, here a read-only server as after a failover, is the database's fault: the
// batch is retried, never dead-lettered, and no half-built session is kept for the next one.
TEST_F(EventStoreTest, ASessionPostgresRefusesToSetUpIsRetriedNotBlamedOnTheBatch) {
  storage::PostgresEventStore store(dsn_ + "?options=-c%20default_transaction_read_only%3Don", kRetentionDays);
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_THROW(store.apply({adjustment("a1", "add", 5)}), Unavailable) << "attempt " << attempt;
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 0);
}

// One session stages every batch in the same table, which the function empties itself: deleting
// the rows of a small batch, truncating the table once it has grown past 256 kB, so that no batch,
// however large, leaves the session scanning a large table for every batch after it.
TEST_F(EventStoreTest, TheStagingTableShrinksAgainAfterALargeBatch) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({adjustment("before", "add", 1)});
  const long small = staging_bytes();
  std::vector<storage::IncomingEvent> large;
  for (int i = 0; i < 1500; ++i) {
    large.push_back(order_event("big-" + std::to_string(i), "o-big-" + std::to_string(i), "1.00", i));
  }
  EXPECT_EQ(store.apply(large).applied.size(), large.size());
  EXPECT_LE(staging_bytes(), small) << "the staging table kept the large batch's pages";
  const auto after = store.apply({adjustment("after-1", "add", 2), adjustment("after-2", "add", 3)});
  EXPECT_EQ(after.applied, (std::vector<std::string>{"after-1", "after-2"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 1500 + 3);
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 6);
}

TEST_F(EventStoreTest, TwoCopiesOfOneEventInABatchApplyOnce) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({adjustment("a1", "add", 5), adjustment("a1", "add", 5)});
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE event_id = 'a1'"), 1);
}

TEST_F(EventStoreTest, ADuplicateInsideTheRetentionWindowIsRecognisedFromAnEarlierDaysPartition) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({adjustment("a1", "add", 5)});
  age_inbox_entry("a1", kRetentionDays);  // the oldest day the window still holds
  EXPECT_EQ(text("SELECT tableoid::regclass::text FROM processed_events WHERE event_id = 'a1'"),
            partition_of_day(kRetentionDays));

  const auto again = store.apply({adjustment("a1", "add", 5)});
  EXPECT_EQ(again.duplicates, std::vector<std::string>{"a1"});
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE event_id = 'a1'"), 1);
  // A changed payload under the same id is still told from a re-send.
  EXPECT_EQ(store.apply({adjustment("a1", "add", 6)}).conflicts, std::vector<std::string>{"a1"});
}

// The lookup leaves out the partitions after tomorrow's (empty on a clock that moves forward) but
// keeps tomorrow's: an event stamped a day ahead, as after PostgreSQL's clock was stepped back
// across midnight, is still recognised.
TEST_F(EventStoreTest, AnEventStampedTomorrowIsStillRecognised) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({adjustment("a1", "add", 5)});
  age_inbox_entry("a1", -1);
  ASSERT_EQ(text("SELECT tableoid::regclass::text FROM processed_events WHERE event_id = 'a1'"), partition_of_day(-1));

  const auto again = store.apply({adjustment("a1", "add", 5)});
  EXPECT_EQ(again.duplicates, std::vector<std::string>{"a1"});
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 5);
  EXPECT_EQ(store.apply({adjustment("a1", "add", 6)}).conflicts, std::vector<std::string>{"a1"});
}

TEST_F(EventStoreTest, DaysPastTheRetentionAreDroppedAndTheirEventsAreNewAgain) {
  {
    storage::PostgresEventStore store(dsn_, kRetentionDays);
    store.apply({adjustment("a1", "add", 5), adjustment("a2", "add", 1)});
  }
  age_inbox_entry("a1", kRetentionDays + 1);  // one day past the window
  age_inbox_entry("a2", kRetentionDays);      // its last day inside it
  const auto expired = partition_of_day(kRetentionDays + 1);
  ASSERT_EQ(scalar("SELECT count(*) FROM pg_class WHERE relname = '" + expired + "'"), 1);

  // A store's first batch runs the daily maintenance: the expired day goes, partition and all.
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  const auto result = store.apply({adjustment("a1", "add", 5), adjustment("a2", "add", 1)});
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_class WHERE relname = '" + expired + "'"), 0);
  // What the README states: an id older than the window is not remembered, so it applies again;
  // one inside the window is still a duplicate.
  EXPECT_EQ(result.applied, std::vector<std::string>{"a1"});
  EXPECT_EQ(result.duplicates, std::vector<std::string>{"a2"});
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 11);
}

TEST_F(EventStoreTest, TheMigrationKeepsEveryInboxRowOfTheUnpartitionedTable) {
  // A database at migration 8 with an applied event, then migrated on.
  const auto upgrade_dsn = database_migrated_up_to(8, "_upgrade");
  pqxx::connection connection(upgrade_dsn);
  pqxx::nontransaction(connection)
      .exec(
          "INSERT INTO processed_events (event_id, event_type, payload, source_topic, source_partition, "
          "source_offset) VALUES ('old', 'OrderPlaced', '{}', 'validated', 0, 1)");
  EXPECT_EQ(postgres::migrate(connection, storage::migrations()), static_cast<int>(storage::migrations().size() - 8));

  storage::PostgresEventStore store(upgrade_dsn, kRetentionDays);
  EXPECT_EQ(store.apply({order_event("old", "o1", "1.00")}).conflicts, std::vector<std::string>{"old"});
  EXPECT_EQ(pqxx::nontransaction(connection).exec("SELECT count(*) FROM processed_events")[0][0].as<int>(), 1);
}

TEST_F(EventStoreTest, TheMigrationMovesEveryOrdersLinesIntoItsRowExactlyAndInOrder) {
  // A database at migration 9 holding an order with two lines and one without, then migrated on.
  pqxx::connection connection(database_migrated_up_to(9, "_lines"));
  pqxx::nontransaction(connection)
      .exec(
          "INSERT INTO orders (order_id, user_id, total_amount, currency, status, placed_at, created_event_id) "
          "VALUES ('o1', 'u1', 20.60, 'EUR', 'placed', now(), 'e1'), ('o2', 'u1', 5, 'EUR', 'placed', now(), 'e2');"
          "INSERT INTO order_items (order_id, line_number, sku, quantity, unit_price) "
          "VALUES ('o1', 2, 'MUG', 1, 0.10), ('o1', 1, 'LAPTOP', 2, 10.250)");
  postgres::migrate(connection, storage::migrations());

  const auto o1 = storage::find_order(connection, "o1").value();
  ASSERT_EQ(o1.items.size(), 2u);
  EXPECT_EQ(o1.items[0].sku, "LAPTOP");
  EXPECT_EQ(o1.items[0].quantity, 2);
  EXPECT_EQ(o1.items[0].price.to_string(), "10.250");
  EXPECT_EQ(o1.items[1].sku, "MUG");
  EXPECT_EQ(o1.items[1].price.to_string(), "0.10");
  EXPECT_TRUE(storage::find_order(connection, "o2").value().items.empty());
  EXPECT_EQ(pqxx::nontransaction(connection).exec("SELECT to_regclass('order_items') IS NULL")[0][0].as<bool>(), true);
}

TEST_F(EventStoreTest, AnOrdersLinesAreReadBackExactlyInTheOrderSentAndTheFirstPlacementsWin) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({event(R"({"eventId":"e1","eventType":"OrderPlaced","orderId":"o1","userId":"u1",)"
                     R"("totalAmount":20.60,"currency":"EUR","items":[{"sku":"Z-LAST","quantity":2,"price":10.250},)"
                     R"({"sku":"A-FIRST","quantity":1,"price":0.10}],"placedAt":"2025-10-20T10:00:00Z"})"),
               event(R"({"eventId":"e2","eventType":"OrderPlaced","orderId":"o1","userId":"u1",)"
                     R"("totalAmount":7,"currency":"EUR","items":[{"sku":"OTHER","quantity":7,"price":1}],)"
                     R"("placedAt":"2025-10-20T10:00:00Z"})")});
  const auto o = order("o1");
  ASSERT_EQ(o.items.size(), 2u);
  EXPECT_EQ(o.items[0].sku, "Z-LAST");
  EXPECT_EQ(o.items[0].quantity, 2);
  EXPECT_EQ(o.items[0].price.to_string(), "10.250");
  EXPECT_EQ(o.items[1].sku, "A-FIRST");
  EXPECT_EQ(o.items[1].price.to_string(), "0.10");
}

TEST_F(EventStoreTest, AnEventOfATypeWithNoStorageEffectIsRefusedNotRecorded) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  const auto result = store.apply(
      {order_event("e1", "o1", "10.00"), event(R"({"eventId":"e2","eventType":"GiftCardIssued","code":"X"})")});
  EXPECT_EQ(result.applied, (std::vector<std::string>{"e1"}));
  EXPECT_EQ(result.without_effect, (std::vector<std::string>{"e2"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE event_id = 'e2'"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), 1);
}

TEST_F(EventStoreTest, ApplyingTheSameBatchTwiceHasTheEffectOfApplyingItOnce) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
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
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({order_event("e1", "o1", "0.1"), order_event("e2", "o2", "100.10"),
               order_event("e3", "o3", "9999999999999999.99")});
  pqxx::connection connection(dsn_);
  EXPECT_EQ(storage::find_order(connection, "o1")->summary.total_amount.to_string(), "0.1");
  EXPECT_EQ(storage::find_order(connection, "o2")->summary.total_amount.to_string(), "100.10");
  EXPECT_EQ(storage::find_order(connection, "o3")->summary.total_amount.to_string(), "9999999999999999.99");
  EXPECT_EQ(scalar("SELECT count(*) FROM orders WHERE total_amount = 0.1"), 1);
}

TEST_F(EventStoreTest, TheFirstPlacementOfAnOrderWinsEvenWithinOneBatch) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({order_event("e1", "o1", "1.00"), order_event("e2", "o1", "2.00")});
  store.apply({order_event("e3", "o1", "3.00")});
  pqxx::connection connection(dsn_);
  EXPECT_EQ(storage::find_order(connection, "o1")->summary.total_amount.to_string(), "1.00");
  EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 3);
}

TEST_F(EventStoreTest, DataPostgresRefusesFailsTheWholeBatchAsAPermanentError) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
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

// An order's lines are stored as jsonb, yet each is cast as a line column would be: an order whose
// lines PostgreSQL cannot store fails its batch (and is isolated as a poison event), rather than
// being applied and failing every later read of the order.
TEST_F(EventStoreTest, AnOrderWhoseLinesPostgresCannotStoreFailsItsBatch) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  const auto order_with_items = [](const std::string& items) {
    return event(R"({"eventId":"e1","eventType":"OrderPlaced","orderId":"o1","userId":"u1","totalAmount":1,)"
                 R"("currency":"EUR","items":)" +
                 items + R"(,"placedAt":"2025-10-20T10:00:00Z"})");
  };
  for (const char* items :
       {R"(null)", R"({})", R"([{"sku":"A","quantity":1}])", R"([{"quantity":1,"price":1}])",
        R"([{"sku":"A","quantity":1e300,"price":1}])", R"([{"sku":"A","quantity":"lots","price":1}])",
        R"([{"sku":"A","quantity":1,"price":"free"}])", R"([7])"}) {
    try {
      store.apply({order_with_items(items)});
      ADD_FAILURE() << "stored: " << items;
    } catch (const std::exception& e) {
      EXPECT_FALSE(postgres::is_transient(e)) << items << ": " << e.what();
    }
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), 0);
  // Without items (OrderPlaced v1) an order has no lines.
  store.apply({order_event("e2", "o2", "1.00")});
  EXPECT_TRUE(order("o2").items.empty());
}

// The same id on two Kafka partitions at once: the two transactions hold different partition
// locks, so both may find the id new. The second to insert it waits for the first and then fails
// as unavailable (retried), not as bad data; its retry sees the event as a duplicate.
TEST_F(EventStoreTest, AnIdAppliedConcurrentlyFromAnotherPartitionIsRetriedNotRefused) {
  pqxx::connection other(dsn_);
  pqxx::work first(other);
  first.exec_params(
      "INSERT INTO processed_events (event_id, event_type, payload, source_topic, source_partition, "
      "source_offset) VALUES ('a1', 'InventoryAdjusted', $1, 'validated', 1, 0)",
      adjustment("a1", "add", 5).payload);

  storage::PostgresEventStore store(dsn_, kRetentionDays);
  std::exception_ptr failure;
  std::thread second([&] {
    try {
      store.apply({adjustment("a1", "add", 5)});
    } catch (...) {
      failure = std::current_exception();
    }
  });
  // The batch is one statement (the session's apply function); only its inbox insert can wait on
  // the other transaction, which holds no advisory lock.
  const bool waited = eventually([&] {
    return scalar("SELECT count(*) FROM pg_stat_activity WHERE " + std::to_string(other.backendpid()) +
                  " = ANY (pg_blocking_pids(pid)) AND query LIKE '%orderflow_apply_batch%'") == 1;
  });
  first.commit();
  second.join();
  ASSERT_TRUE(waited) << "the store's insert never waited for the other transaction";

  ASSERT_TRUE(failure);
  try {
    std::rethrow_exception(failure);
  } catch (const Unavailable& e) {
    EXPECT_NE(std::string(e.what()).find("applied concurrently"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store.apply({adjustment("a1", "add", 5)}).duplicates, std::vector<std::string>{"a1"});
  EXPECT_EQ(scalar("SELECT count(*) FROM inventory"), 0);
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

TEST_F(EventStoreTest, AnIdAppliedBeforeWithAnotherPayloadIsAConflictAndChangesNothing) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({order_event("e1", "o1", "10.00")});
  auto resent = order_event("e1", "o1", "10.00");  // the producer re-sent it with a new envelope time
  auto doc = std::get<nlohmann::json>(exact_json::parse_exact(resent.payload));
  doc["timestamp"] = "2025-10-20T10:00:09Z";
  resent.payload = exact_json::dump_exact(doc);
  EXPECT_EQ(store.apply({resent}).duplicates, std::vector<std::string>{"e1"});

  const auto changed = store.apply({order_event("e1", "o1", "99.00")});
  EXPECT_EQ(changed.conflicts, std::vector<std::string>{"e1"});
  EXPECT_TRUE(changed.applied.empty());
  pqxx::connection connection(dsn_);
  EXPECT_EQ(storage::find_order(connection, "o1")->summary.total_amount.to_string(), "10.00");
}

TEST_F(EventStoreTest, APaymentOnlyMovesForwardWhateverOrderItsEventsArriveIn) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  store.apply({payment("e1", "completed", "2025-10-20T10:05:00Z")});
  store.apply({payment("e2", "pending", "2025-10-20T10:00:00Z")});  // late, older
  EXPECT_EQ(scalar("SELECT count(*) FROM payments WHERE status = 'completed'"), 1);

  // In one batch, the most advanced event wins regardless of its position.
  store.apply({payment("e3", "refunded", "2025-10-20T11:00:00Z"), payment("e4", "pending", "2025-10-20T10:30:00Z")});
  EXPECT_EQ(scalar("SELECT count(*) FROM payments WHERE status = 'refunded'"), 1);
  // Same time, lower rank: no change.
  store.apply({payment("e5", "pending", "2025-10-20T11:00:00Z")});
  EXPECT_EQ(scalar("SELECT count(*) FROM payments WHERE status = 'refunded'"), 1);
}

TEST_F(EventStoreTest, InventoryAdjustmentsCountOncePerEventEvenWhenRedelivered) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  const std::vector<storage::IncomingEvent> batch = {adjustment("a1", "add", 10), adjustment("a2", "subtract", 3),
                                                     adjustment("a3", "add", 5)};
  store.apply(batch);
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 12);
  store.apply(batch);
  store.apply({batch[1]});
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), 12);
  store.apply({adjustment("a4", "subtract", 20)});
  EXPECT_EQ(scalar("SELECT quantity FROM inventory WHERE sku = 'LAPTOP-001'"), -8);
}

TEST_F(EventStoreTest, EventsOfDifferentAggregatesMayArriveInAnyOrder) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  // The payment first, then the order, then the user.
  store.apply({payment("e1", "completed", "2025-10-20T10:05:00Z", "order-9")});
  store.apply(
      {event(R"({"eventId":"e2","eventType":"OrderPlaced","orderId":"order-9","userId":"user-9",)"
             R"("totalAmount":299.99,"currency":"USD","items":[{"sku":"LAPTOP-001","quantity":1,"price":299.99}],)"
             R"("placedAt":"2025-10-20T10:00:00Z"})")});
  pqxx::connection connection(dsn_);
  EXPECT_FALSE(storage::find_user(connection, "user-9").has_value());
  store.apply({event(R"({"eventId":"e3","eventType":"UserCreated","userId":"user-9","email":"a@b.co",)"
                     R"("firstName":"A","lastName":"B","createdAt":"2025-10-20T09:00:00Z"})")});

  const auto o = order("order-9");
  EXPECT_EQ(o.summary.status, "placed");  // a v1 order has no status of its own
  ASSERT_TRUE(o.payment.has_value());
  EXPECT_EQ(o.payment->status, "completed");
  EXPECT_EQ(o.payment->amount.to_string(), "299.99");
  ASSERT_EQ(o.items.size(), 1u);
  EXPECT_EQ(o.items[0].price.to_string(), "299.99");
  const auto user = storage::find_user(connection, "user-9").value();
  ASSERT_EQ(user.last_orders.size(), 1u);
  EXPECT_EQ(user.last_orders[0].order_id, "order-9");
}

TEST_F(EventStoreTest, AUserShowsTheirLastFiveOrdersNewestFirst) {
  storage::PostgresEventStore store(dsn_, kRetentionDays);
  std::vector<storage::IncomingEvent> batch = {event(
      R"({"eventId":"u","eventType":"UserCreated","userId":"u1","email":"a@b.co","firstName":"A","lastName":"B","createdAt":"2025-10-20T09:00:00Z"})")};
  for (int day = 1; day <= 7; ++day) {
    batch.push_back(order_event("e" + std::to_string(day), "o" + std::to_string(day), "1.00"));
    auto doc = nlohmann::json::parse(batch.back().payload);
    doc["placedAt"] = "2025-10-0" + std::to_string(day) + "T00:00:00Z";
    batch.back().payload = doc.dump();
  }
  store.apply(batch);
  pqxx::connection connection(dsn_);
  const auto user = storage::find_user(connection, "u1").value();
  ASSERT_EQ(user.last_orders.size(), 5u);
  EXPECT_EQ(user.last_orders[0].order_id, "o7");
  EXPECT_EQ(user.last_orders[4].order_id, "o3");
}

}  // namespace
}  // namespace orderflow::testing
