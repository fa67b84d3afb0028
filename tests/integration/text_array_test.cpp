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

}  // namespace
}  // namespace orderflow::testing
