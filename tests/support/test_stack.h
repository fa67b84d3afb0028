#pragma once

#include <map>
#include <string>

namespace orderflow::testing {

// A private Kafka + PostgreSQL + Redis started by deploy/local/stack.sh on free ports in a
// temporary directory, torn down by the destructor — or, if this process dies without running
// it, by the stack's own watchdog.
class TestStack {
 public:
  struct Options {
    // stack.sh --secure (TLS, SCRAM and ACL users; stack.env then has *_FILE settings).
    bool secure = false;
    // stack.sh --brokers: 3 is a cluster with replication factor 3 and min.insync.replicas=2.
    int brokers = 1;
  };
  explicit TestStack(Options options);
  TestStack() : TestStack(Options{}) {}
  ~TestStack();
  TestStack(const TestStack&) = delete;
  TestStack& operator=(const TestStack&) = delete;

  // KAFKA_BROKERS, DATABASE_URL and REDIS_URL, as the services read them.
  const std::map<std::string, std::string>& env() const { return env_; }
  // The state directory: with `secure`, tls/ (ca.pem, other-ca.pem, server.pem, server.key) and
  // secrets/ (one password per file).
  const std::string& dir() const { return dir_; }
  const std::string& kafka_brokers() const { return env_.at("KAFKA_BROKERS"); }
  const std::string& database_url() const { return env_.at("DATABASE_URL"); }  // not with `secure`
  const std::string& redis_url() const { return env_.at("REDIS_URL"); }        // not with `secure`

  // component: "kafka" (every broker), "kafka-N" (one of a cluster), "postgres" or "redis". stop is graceful, kill is
  // SIGKILL (or PostgreSQL's immediate shutdown); start waits until the component is ready again.
  void stop(const std::string& component);
  void kill(const std::string& component);
  void start(const std::string& component);

 private:
  void script(const std::string& arguments);

  std::string dir_;
  std::map<std::string, std::string> env_;
};

// The one stack of this test binary, started on first use.
TestStack& shared_stack();
// Tears the shared stack down if it was started; test_main.cpp calls it after the last test.
void stop_shared_stack();

// A port nothing listens on right now.
int free_port();

std::string source_dir();
std::string binary_dir();

}  // namespace orderflow::testing
