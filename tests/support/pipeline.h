#pragma once

#include <httplib.h>
#include <map>
#include <memory>
#include <string>

#include "service_process.h"
#include "test_stack.h"

namespace orderflow::testing {

// The five services running against a TestStack, on topics and consumer groups of their own, so
// tests that share a stack do not see each other's events.
class Pipeline {
 public:
  explicit Pipeline(TestStack& stack, std::map<std::string, std::string> overrides = {});

  // Starts all five and waits until each is ready: consumers hold their partitions. The first start
  // issues the pipeline's API key (orderflow-keys create), allowed every event type and a rate no
  // test reaches.
  void start();

  // The key tests publish with, and a client of the gateway that sends it.
  const std::string& api_key() const { return api_key_; }
  httplib::Client gateway_client() const;

  ServiceProcess& gateway() { return *gateway_; }
  ServiceProcess& validator() { return *validator_; }
  ServiceProcess& processor() { return *processor_; }
  ServiceProcess& risk() { return *risk_; }
  ServiceProcess& read_api() { return *read_api_; }

  const std::map<std::string, std::string>& env() const { return env_; }
  std::string raw_topic() const { return env_.at("TOPIC_EVENTS_RAW"); }
  std::string validated_topic() const { return env_.at("TOPIC_EVENTS_VALIDATED"); }
  std::string dead_letter_topic() const { return env_.at("TOPIC_DEAD_LETTERS"); }
  std::string enriched_topic() const { return env_.at("TOPIC_EVENTS_ENRICHED"); }
  // The consumer group of "validator", "processor" or "risk".
  std::string group(const std::string& service) const { return prefix_ + "-" + service; }

 private:
  std::string prefix_;
  std::string api_key_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ServiceProcess> gateway_, validator_, processor_, risk_, read_api_;
};

// One pipeline on the shared stack for the tests of this binary that do not stop services; started
// on first use, stopped by stop_shared_pipeline() (test_main.cpp) before the stack goes.
Pipeline& shared_pipeline();
void stop_shared_pipeline();

}  // namespace orderflow::testing
