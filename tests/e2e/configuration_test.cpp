// Every binary documents its settings with --help and refuses a bad one by name before doing
// anything else.
#include <cstdio>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "test_stack.h"

namespace orderflow::testing {
namespace {

struct Run {
  int exit_code;
  std::string output;
};

Run run(const std::string& env, const std::string& service, const std::string& arguments) {
  const std::string command =
      env + " " + binary_dir() + "/services/" + service + "/orderflow-" + service + " " + arguments + " 2>&1";
  Run result{-1, ""};
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
  const int status = pipe ? pclose(pipe) : -1;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(Configuration, HelpListsEveryVariableWithItsDefault) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"gateway",
       {"HTTP_PORT", "KAFKA_BROKERS", "TOPIC_EVENTS_RAW", "KAFKA_DELIVERY_TIMEOUT_MS", "REDIS_URL",
        "IDEMPOTENCY_RETENTION_SECONDS", "KAFKA_SECURITY_PROTOCOL", "LOG_LEVEL"}},
      {"validator", {"HTTP_PORT", "KAFKA_BROKERS", "CONSUMER_GROUP", "BATCH_MAX_EVENTS", "MAX_FUTURE_SKEW_SECONDS"}},
      {"processor",
       {"HTTP_PORT", "DATABASE_URL", "REDIS_URL", "BATCH_MAX_EVENTS", "BATCH_MAX_WAIT_MS", "DEDUP_TTL_SECONDS"}},
      {"read-api", {"HTTP_PORT", "DATABASE_URL", "DATABASE_POOL_SIZE"}}};
  for (const auto& [service, variables] : expected) {
    const auto help = run("", service, "--help");
    EXPECT_EQ(help.exit_code, 0) << service;
    for (const auto& variable : variables)
      EXPECT_NE(help.output.find(variable), std::string::npos) << service << " " << variable;
    EXPECT_NE(help.output.find("(default: "), std::string::npos) << service;
  }
}

TEST(Configuration, ABadValueStopsStartUpNamingTheVariable) {
  for (const char* service : {"gateway", "validator", "processor", "read-api"}) {
    const auto result = run("HTTP_PORT=eighty LOG_LEVEL=loud", service, "");
    EXPECT_EQ(result.exit_code, 2) << service << ": " << result.output;
    EXPECT_NE(result.output.find("HTTP_PORT='eighty'"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("LOG_LEVEL='loud'"), std::string::npos) << result.output;
  }
}

}  // namespace
}  // namespace orderflow::testing
