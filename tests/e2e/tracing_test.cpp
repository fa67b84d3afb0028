// One order followed through every service by the trace id its client sent: in each service's
// log, and stored with the row it became (or the dead letter it became).
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <pqxx/pqxx>
#include <sstream>

#include "eventually.h"
#include "http_json.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string stored_trace_id(const std::string& table, const std::string& event_id) {
  pqxx::connection connection(shared_stack().database_url());
  const auto rows = pqxx::read_transaction(connection)
                        .exec_params("SELECT trace_id FROM " + table + " WHERE event_id = $1", event_id);
  return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].c_str();
}

TEST(Tracing, OneTraceIdFollowsAnOrderThroughEveryServiceAndIntoItsRow) {
  // Services log at the default level: following an event must not need debug logs.
  Pipeline pipeline(shared_stack(), {{"LOG_LEVEL", "info"}});
  pipeline.start();
  const std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e" + std::to_string(1000 + time(nullptr) % 9000);
  const std::string order_id = "traced-" + std::to_string(time(nullptr));
  httplib::Client gateway = pipeline.gateway_client();
  auto response =
      gateway.Post("/order", {{"traceparent", "00-" + trace_id + "-00f067aa0ba902b7-01"}},
                   R"({"id":")" + order_id +
                       R"(","user_id":"u1","total":12.50,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
                   "application/json");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 202);
  const std::string event_id = parse_body(response)["eventId"];

  ASSERT_TRUE(eventually([&] { return stored_trace_id("processed_events", event_id) == trace_id; }));
  for (auto* service : {&pipeline.gateway(), &pipeline.validator(), &pipeline.processor()}) {
    EXPECT_TRUE(eventually([&] { return read_file(service->log_path()).find(trace_id) != std::string::npos; }))
        << "no line with the trace id in " << service->log_path();
  }
}

}  // namespace
}  // namespace orderflow::testing
