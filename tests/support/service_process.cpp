#include "service_process.h"

#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <httplib.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "eventually.h"
#include "test_stack.h"

extern char** environ;

namespace orderflow::testing {

ServiceProcess::ServiceProcess(std::string name, std::map<std::string, std::string> env)
    : name_(std::move(name)), env_(std::move(env)), http_port_(free_port()) {
  env_["HTTP_PORT"] = std::to_string(http_port_);
  static int counter = 0;
  log_path_ =
      binary_dir() + "/test-logs/" + name_ + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".log";
}

ServiceProcess::ServiceProcess(std::string name, std::vector<std::string> argv, int http_port, std::string health_path)
    : name_(std::move(name)), argv_(std::move(argv)), health_path_(std::move(health_path)), http_port_(http_port) {
  static int counter = 0;
  log_path_ =
      binary_dir() + "/test-logs/" + name_ + "-" + std::to_string(getpid()) + "-x" + std::to_string(++counter) + ".log";
}

ServiceProcess::~ServiceProcess() {
  if (running()) terminate(std::chrono::seconds(10));
}

void ServiceProcess::start() {
  std::vector<std::string> args = argv_;
  if (args.empty()) args.push_back(binary_dir() + "/services/" + name_ + "/orderflow-" + name_);
  std::system(("mkdir -p " + binary_dir() + "/test-logs").c_str());
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env_) merged[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDERR_FILENO);
    dup2(log, STDOUT_FILENO);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Signals blocked by the test's threads must not stay blocked in the service.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
}

bool ServiceProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return false;
  }
  return true;
}

void ServiceProcess::wait_healthy(std::chrono::milliseconds timeout) {
  httplib::Client client("127.0.0.1", http_port_);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  const bool healthy = eventually(
      [&] {
        if (!running()) return true;  // reported below
        auto response = client.Get(health_path_.c_str());
        return response && response->status == 200;
      },
      timeout);
  if (!running() || !healthy) {
    throw std::runtime_error(name_ + " did not become healthy; log " + log_path_ + ":\n" + log_tail());
  }
}

void ServiceProcess::wait_ready(std::chrono::milliseconds timeout) {
  httplib::Client client("127.0.0.1", http_port_);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  const bool ready = eventually(
      [&] {
        auto response = client.Get("/ready");
        return response && response->status == 200;
      },
      timeout);
  if (!ready) throw std::runtime_error(name_ + " did not become ready; log " + log_path_ + ":\n" + log_tail());
}

int ServiceProcess::terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  int code = -1;
  const bool exited = eventually(
      [&] {
        if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
        code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return true;
      },
      timeout, std::chrono::milliseconds(20));
  if (!exited) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return code;
}

void ServiceProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServiceProcess::log_tail(std::size_t bytes) const {
  std::ifstream file(log_path_);
  std::stringstream content;
  content << file.rdbuf();
  const std::string text = content.str();
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

}  // namespace orderflow::testing
