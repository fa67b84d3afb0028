#include "pipeline.h"

#include <unistd.h>

#include "keys_tool.h"

namespace orderflow::testing {

Pipeline::Pipeline(TestStack& stack, std::map<std::string, std::string> overrides) : env_(stack.env()) {
  static int counter = 0;
  prefix_ = "t" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  const std::string& prefix = prefix_;
  env_["TOPIC_EVENTS_RAW"] = prefix + ".raw";
  env_["TOPIC_EVENTS_VALIDATED"] = prefix + ".validated";
  env_["TOPIC_DEAD_LETTERS"] = prefix + ".dlq";
  env_["TOPIC_EVENTS_ENRICHED"] = prefix + ".enriched";
  env_["TOPIC_PARTITIONS"] = "3";
  env_["LOG_LEVEL"] = "debug";
  env_["KAFKA_STATISTICS_INTERVAL_MS"] = "1000";
  for (const auto& [k, v] : overrides) env_[k] = v;

  auto with_group = [&](const std::string& service) {
    auto env = env_;
    env["CONSUMER_GROUP"] = prefix + "-" + service;
    return env;
  };
  gateway_ = std::make_unique<ServiceProcess>("gateway", env_);
  validator_ = std::make_unique<ServiceProcess>("validator", with_group("validator"));
  processor_ = std::make_unique<ServiceProcess>("processor", with_group("processor"));
  risk_ = std::make_unique<ServiceProcess>("risk", with_group("risk"));
  read_api_ = std::make_unique<ServiceProcess>("read-api", env_);
}

void Pipeline::start() {
  if (api_key_.empty()) {
    api_key_ = create_api_key(env_, prefix_ + "-tests", {"--types", "*", "--rate", "1000000", "--burst", "1000000"});
  }
  const auto services = {gateway_.get(), validator_.get(), processor_.get(), risk_.get(), read_api_.get()};
  for (auto* service : services) service->start();
  for (auto* service : services) service->wait_healthy();
  for (auto* service : services) service->wait_ready();
}

httplib::Client Pipeline::gateway_client() const {
  httplib::Client client("127.0.0.1", gateway_->http_port());
  client.set_bearer_token_auth(api_key_);
  return client;
}

namespace {
Pipeline* g_shared_pipeline = nullptr;
}  // namespace

Pipeline& shared_pipeline() {
  if (!g_shared_pipeline) {
    g_shared_pipeline = new Pipeline(shared_stack());
    g_shared_pipeline->start();
  }
  return *g_shared_pipeline;
}

void stop_shared_pipeline() {
  delete g_shared_pipeline;
  g_shared_pipeline = nullptr;
}

}  // namespace orderflow::testing
