// A real Prometheus (Debian's package) with deploy/prometheus/prometheus.yml and alerts.yml,
// scraping the running services: every target is up, the main series carry values, and every
// query of the Grafana dashboard returns series.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "orderflow/kafka/producer.h"

#include "eventually.h"
#include "pipeline.h"
#include "service_process.h"

namespace orderflow::testing {
namespace {

namespace fs = std::filesystem;

class PrometheusScrape : public ::testing::Test {
 protected:
  void SetUp() override {
    pipeline_ = &shared_pipeline();
    dir_ = fs::temp_directory_path() / ("orderflow-prometheus-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "targets");
    for (const char* file : {"prometheus.yml", "alerts.yml"}) {
      fs::copy_file(fs::path(source_dir()) / "deploy/prometheus" / file, dir_ / file,
                    fs::copy_options::overwrite_existing);
    }
    nlohmann::json targets = nlohmann::json::array();
    const std::pair<const char*, ServiceProcess*> services[] = {{"gateway", &pipeline_->gateway()},
                                                                {"validator", &pipeline_->validator()},
                                                                {"processor", &pipeline_->processor()},
                                                                {"risk", &pipeline_->risk()},
                                                                {"read-api", &pipeline_->read_api()}};
    for (const auto& [name, process] : services) {
      targets.push_back(
          {{"targets", {"127.0.0.1:" + std::to_string(process->http_port())}}, {"labels", {{"service", name}}}});
    }
    std::ofstream(dir_ / "targets" / "test.json") << targets.dump();

    const int port = free_port();
    prometheus_ = std::make_unique<ServiceProcess>(
        "prometheus",
        std::vector<std::string>{"/usr/bin/prometheus", "--config.file=" + (dir_ / "prometheus.yml").string(),
                                 "--storage.tsdb.path=" + (dir_ / "data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(port)},
        port, "/-/ready");
    prometheus_->start();
    prometheus_->wait_healthy();
    api_ = std::make_unique<httplib::Client>("127.0.0.1", port);
  }

  void TearDown() override {
    prometheus_.reset();
    fs::remove_all(dir_);
  }

  nlohmann::json get(const std::string& path) {
    auto response = api_->Get(path);
    return response && response->status == 200 ? nlohmann::json::parse(response->body) : nlohmann::json();
  }

  // The series an instant query returns (an empty array when none; null when it failed).
  nlohmann::json series(const std::string& promql) {
    const auto answer = get("/api/v1/query?query=" + httplib::detail::encode_query_param(promql));
    return answer.is_null() ? answer : answer["data"]["result"];
  }

  // The value of an instant query returning one sample; NaN when there is none.
  double query(const std::string& promql) {
    const auto answer = get("/api/v1/query?query=" + httplib::detail::encode_query_param(promql));
    if (answer.is_null() || answer["data"]["result"].empty()) return std::nan("");
    return std::stod(answer["data"]["result"][0]["value"][1].get<std::string>());
  }

  Pipeline* pipeline_ = nullptr;
  fs::path dir_;
  std::unique_ptr<ServiceProcess> prometheus_;
  std::unique_ptr<httplib::Client> api_;
};

TEST_F(PrometheusScrape, EveryServiceIsUpAndTheMainSeriesCarryValues) {
  httplib::Client gateway = pipeline_->gateway_client();
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  const std::string id = "scraped-" + std::to_string(getpid());
  ASSERT_EQ(gateway
                .Post("/order",
                      R"({"id":")" + id +
                          R"(","user_id":"u","total":1.5,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
                      "application/json")
                ->status,
            202);
  ASSERT_TRUE(eventually([&] { return read_api.Get("/orders/" + id)->status == 200; }));

  ASSERT_TRUE(eventually(
      [&] {
        const auto targets = get("/api/v1/targets");
        if (targets.is_null()) return false;
        const auto& active = targets["data"]["activeTargets"];
        if (active.size() != 5) return false;
        for (const auto& t : active) {
          if (t["health"] != "up") return false;
        }
        return true;
      },
      std::chrono::seconds(60)))
      << get("/api/v1/targets").dump();

  // Counters and histograms that must have moved after one order went through.
  for (const char* series :
       {R"(sum(http_requests_total{service="gateway",route="/order",code="202"}))",
        R"(sum(kafka_produce_duration_seconds_count{service="gateway"}))",
        R"(sum(events_processed_total{service="validator",status="valid"}))",
        R"(sum(events_processed_total{service="processor",status="applied"}))",
        R"(sum(db_operation_duration_seconds_count{operation="apply_batch"}))",
        R"(sum(kafka_consume_duration_seconds_count))", R"(sum(batch_size_count))",
        R"(sum(http_requests_total{service="read-api",route="/orders/{id}"}))",
        R"(sum(risk_assessments_total{service="risk",subject="order"}))", R"(sum(risk_score_count{service="risk"}))"}) {
    EXPECT_TRUE(eventually([&] { return query(series) > 0; }, std::chrono::seconds(30))) << series;
  }
  // Gauges that must exist (their value may rightly be 0).
  for (const char* series :
       {"max(kafka_consumer_lag)", "max(kafka_broker_rtt_seconds)", "max(redis_degraded)",
        "sum(kafka_client_queue_messages)", "sum(dedup_hits_total)", "sum(retries_total)", "sum(dlq_entries_total)",
        "max(review_queue_pending)", "max(review_queue_oldest_pending_seconds)"}) {
    EXPECT_TRUE(eventually([&] { return !std::isnan(query(series)); }, std::chrono::seconds(30))) << series;
  }
  // The alert rules loaded and evaluate.
  const auto rules = get("/api/v1/rules");
  ASSERT_FALSE(rules.is_null());
  EXPECT_EQ(rules["data"]["groups"][0]["rules"].size(), 7u);
}

// Every panel of deploy/grafana/dashboards/orderflow.json, its PromQL run as Grafana would run it,
// returns series once traffic of each kind the dashboard shows went through: a metric that is
// never exported, a misspelt name or label, or a query that does not parse fails here.
TEST_F(PrometheusScrape, EveryDashboardQueryReturnsSeriesAfterTraffic) {
  const std::string run = "dashboard-" + std::to_string(getpid());
  httplib::Client gateway = pipeline_->gateway_client();
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  // An order of a user the risk stage does not know (an enrichment miss)...
  ASSERT_EQ(gateway
                .Post("/order",
                      R"({"id":")" + run + R"(","user_id":"nobody-)" + run +
                          R"(","total":12.5,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
                      "application/json")
                ->status,
            202);
  // ... a request with a key nobody issued (an authentication failure, a 401)...
  httplib::Client stranger("127.0.0.1", pipeline_->gateway().http_port());
  stranger.set_bearer_token_auth("of_not-a-key");
  ASSERT_EQ(stranger.Post("/order", "{}", "application/json")->status, 401);
  // ... and bytes that are not an event, written onto the raw topic (a dead letter).
  kafka::Producer producer({pipeline_->env().at("KAFKA_BROKERS"), "dashboard-test", {}}, {});
  ASSERT_TRUE(producer.produce_and_wait(pipeline_->raw_topic(), run, "not an event").delivered);
  ASSERT_TRUE(eventually([&] { return read_api.Get("/orders/" + run)->status == 200; }));

  std::ifstream file(fs::path(source_dir()) / "deploy/grafana/dashboards/orderflow.json");
  const auto dashboard = nlohmann::json::parse(file);
  std::size_t queries = 0;
  for (const auto& panel : dashboard.at("panels")) {
    for (const auto& target : panel.value("targets", nlohmann::json::array())) {
      const std::string expr = target.at("expr");
      ++queries;
      nlohmann::json result;
      const bool has_series = eventually(
          [&] {
            result = series(expr);
            return result.is_array() && !result.empty();
          },
          std::chrono::seconds(60));
      EXPECT_TRUE(has_series) << "panel \"" << panel.value("title", "") << "\": " << expr << " returned "
                              << result.dump();
    }
  }
  EXPECT_GE(queries, 20u) << "the dashboard lost its panels";
}

}  // namespace
}  // namespace orderflow::testing
