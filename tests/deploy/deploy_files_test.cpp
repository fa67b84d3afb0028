// The deployment files are checked by the tools that will read them: promtool, docker-compose
// (no Docker engine runs here, so `config` is as far as compose goes), kubectl kustomize.
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace {

const std::string kSource = ORDERFLOW_SOURCE_DIR;

struct Run {
  int exit_code;
  std::string output;
};

Run run(const std::string& command) {
  Run result{-1, ""};
  FILE* pipe = popen(("cd '" + kSource + "' && " + command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(DeployFiles, PromtoolAcceptsThePrometheusConfigAndAlertRules) {
  const auto config = run("promtool check config deploy/prometheus/prometheus.yml");
  EXPECT_EQ(config.exit_code, 0) << config.output;
  const auto rules = run("promtool check rules deploy/prometheus/alerts.yml");
  EXPECT_EQ(rules.exit_code, 0) << rules.output;
  EXPECT_NE(rules.output.find("SUCCESS: 7 rules found"), std::string::npos) << rules.output;
}

TEST(DeployFiles, TheComposeFileValidatesAndRunsTheWholePipeline) {
  const auto check = run("docker-compose -f docker-compose.yml config -q");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  const auto services = run("docker-compose -f docker-compose.yml config --services");
  for (const char* service : {"kafka", "postgres", "redis", "gateway", "validator", "processor", "risk", "read-api",
                              "prometheus", "grafana"}) {
    EXPECT_NE(services.output.find(service), std::string::npos) << service;
  }
  const auto rendered = run("docker-compose -f docker-compose.yml config");
  // gateway and validator wait for Kafka; processor and risk for Kafka, PostgreSQL and Redis;
  // read-api for PostgreSQL; Prometheus for the gateway.
  EXPECT_EQ(count(rendered.output, "condition: service_healthy"), 11u);
  EXPECT_NE(rendered.output.find("dockerfile: deploy/docker/Dockerfile"), std::string::npos);
}

TEST(DeployFiles, KustomizeRendersProbedLimitedAndBoundedWorkloads) {
  const auto rendered = run("kubectl kustomize deploy/k8s");
  ASSERT_EQ(rendered.exit_code, 0) << rendered.output;
  const std::string& yaml = rendered.output;
  // Top-level kinds only: an autoscaler's scaleTargetRef names a Deployment too.
  EXPECT_EQ(count(yaml, "\nkind: Deployment\n"), 5u);
  EXPECT_EQ(count(yaml, "\nkind: PodDisruptionBudget\n"), 5u);
  EXPECT_GE(count(yaml, "\nkind: HorizontalPodAutoscaler\n"), 2u);
  // Consumer replicas beyond the partition count would idle: the autoscalers stop at it.
  const std::regex partitions(R"re(TOPIC_PARTITIONS: "(\d+)")re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(yaml, m, partitions));
  const int partition_count = std::stoi(m[1]);
  std::set<std::string> bounded;
  std::size_t start = 0;
  while (start < yaml.size()) {
    const auto end = std::min(yaml.find("\n---\n", start), yaml.size());
    const std::string document = "\n" + yaml.substr(start, end - start) + "\n";
    start = end + 5;
    if (document.find("\nkind: Deployment\n") != std::string::npos) {
      for (const char* required : {"readinessProbe:", "livenessProbe:", "limits:", "requests:", "runAsNonRoot: true"}) {
        EXPECT_NE(document.find(required), std::string::npos) << required << " missing in\n" << document;
      }
    }
    if (document.find("\nkind: HorizontalPodAutoscaler\n") == std::string::npos) continue;
    std::smatch name, max;
    ASSERT_TRUE(std::regex_search(document, name, std::regex(R"re(\n  name: (\S+))re")));
    ASSERT_TRUE(std::regex_search(document, max, std::regex(R"re(maxReplicas: (\d+))re")));
    if (name[1] == "processor" || name[1] == "validator" || name[1] == "risk") {
      EXPECT_LE(std::stoi(max[1]), partition_count) << name[1];
      bounded.insert(name[1]);
    }
  }
  EXPECT_EQ(bounded, (std::set<std::string>{"processor", "validator", "risk"}));
}

TEST(DeployFiles, TheGrafanaDashboardCoversEveryStageWithSeriesTheServicesExport) {
  std::ifstream in(kSource + "/deploy/grafana/dashboards/orderflow.json");
  const auto dashboard = nlohmann::json::parse(in);
  std::string titles;
  std::set<std::string> used;
  const std::regex metric(R"(\b[a-z]+(?:_[a-z0-9]+)+\b)");
  // Label matchers and grouping clauses name labels, not series.
  const std::regex labels(R"re(\{[^}]*\}|\b(by|without)\s*\([^)]*\))re");
  for (const auto& panel : dashboard["panels"]) {
    titles += panel["title"].get<std::string>() + "|";
    for (const auto& target : panel["targets"]) {
      const std::string expr = std::regex_replace(target["expr"].get<std::string>(), labels, "");
      for (auto it = std::sregex_iterator(expr.begin(), expr.end(), metric); it != std::sregex_iterator(); ++it) {
        std::string name = (*it)[0];
        for (const std::string suffix : {"_bucket", "_count", "_sum"}) {
          if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            name.resize(name.size() - suffix.size());
          }
        }
        used.insert(name);
      }
    }
  }
  for (const char* topic : {"Throughput", "latency", "lag", "Dead letters", "Errors", "Risk", "Review queue"}) {
    EXPECT_NE(titles.find(topic), std::string::npos) << topic;
  }
  // Every series the dashboard reads is one the services register (see README "Operations").
  const std::set<std::string> exported = {"http_requests_total",
                                          "http_request_duration_seconds",
                                          "kafka_produce_duration_seconds",
                                          "events_processed_total",
                                          "dlq_entries_total",
                                          "dlq_mirror_failures_total",
                                          "db_operation_duration_seconds",
                                          "kafka_consume_duration_seconds",
                                          "kafka_consumer_lag",
                                          "kafka_broker_rtt_seconds",
                                          "kafka_client_queue_messages",
                                          "dedup_hits_total",
                                          "retries_total",
                                          "redis_degraded",
                                          "batch_size",
                                          "idempotency_requests_total",
                                          "client_requests_total",
                                          "authentication_failures_total",
                                          "rate_limit_unavailable_total",
                                          "risk_assessments_total",
                                          "risk_replayed_assessments_total",
                                          "risk_score",
                                          "review_queue_pending",
                                          "review_queue_oldest_pending_seconds",
                                          "enrichment_misses_total"};
  const std::set<std::string> promql = {"histogram_quantile"};
  for (const auto& name : used) {
    if (promql.count(name)) continue;
    EXPECT_TRUE(exported.count(name)) << name << " is not a series orderflow exports";
  }
}

}  // namespace
