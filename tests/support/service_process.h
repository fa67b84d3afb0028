#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace orderflow::testing {

// One orderflow service binary run as a child process, its stderr (the JSON log) kept in a file.
class ServiceProcess {
 public:
  // `name` is the service directory: "gateway", "validator", "processor", "read-api".
  ServiceProcess(std::string name, std::map<std::string, std::string> env);
  // Any other program, healthy once GET `health_path` on `http_port` answers 200.
  ServiceProcess(std::string name, std::vector<std::string> argv, int http_port, std::string health_path);
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  void start();
  // Waits until GET /health answers 200; throws with the log's tail if it does not in time.
  void wait_healthy(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Waits until GET /ready answers 200 (an orderflow service able to work).
  void wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // SIGTERM and wait; returns the exit code (-1 if it had to be killed after `timeout`).
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // SIGKILL: no cleanup of any kind, as in a crash.
  void kill();
  bool running();
  // Once running() found the process gone: its exit status (-1 when a signal ended it).
  std::optional<int> exit_code() const { return exit_code_; }

  int http_port() const { return http_port_; }
  const std::string& log_path() const { return log_path_; }
  std::string log_tail(std::size_t bytes = 4000) const;

 private:
  std::string name_;
  std::vector<std::string> argv_;
  std::string health_path_ = "/health";
  std::map<std::string, std::string> env_;
  int http_port_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace orderflow::testing
