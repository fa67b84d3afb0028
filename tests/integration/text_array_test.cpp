// postgres::text_array against a real PostgreSQL: what goes in as a parameter comes back whole.
#include "orderflow/postgres/text_array.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "test_stack.h"

namespace orderflow::testing {
namespace {

TEST(TextArray, EveryValueComesBackWholeFromPostgres) {
  const std::vector<std::string> values = {"plain", "with,comma", "{braces}", "a \"quote\"", "back\\slash",
                                           "NULL",  "",           " spaced ", "ünïcode"};
  pqxx::connection connection(shared_stack().database_url());
  pqxx::work txn(connection);
  std::vector<std::string> back;
  for (const auto& row : txn.exec_params("SELECT unnest($1::text[])", postgres::text_array(values))) {
    ASSERT_FALSE(row[0].is_null());
    back.push_back(row[0].c_str());
  }
  EXPECT_EQ(back, values);
  EXPECT_EQ(txn.exec_params("SELECT cardinality($1::text[])", postgres::text_array({}))[0][0].as<int>(), 0);
}

TEST(TextArray, NumbersBuiltElementByElementArriveAsNumbers) {
  postgres::ArrayLiteral offsets;
  for (const long long offset : {0LL, -1LL, 9'223'372'036'854'775'807LL}) offsets.add(offset);
  pqxx::connection connection(shared_stack().database_url());
  pqxx::work txn(connection);
  const auto sum =
      txn.exec_params("SELECT sum(o)::text, count(*) FROM unnest($1::bigint[]) AS o", std::move(offsets).finish());
  EXPECT_EQ(sum[0][0].as<std::string>(), "9223372036854775806");
  EXPECT_EQ(sum[0][1].as<int>(), 3);
}

}  // namespace
}  // namespace orderflow::testing
