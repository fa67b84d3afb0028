#include "test_stack.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <set>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace orderflow::testing {

std::string source_dir() {
  return ORDERFLOW_SOURCE_DIR;
}
std::string binary_dir() {
  return ORDERFLOW_BINARY_DIR;
}

TestStack::TestStack(Options options) {
  char pattern[] = "/tmp/orderflow-test-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  script(std::string("up --ephemeral ") + (options.secure ? "--secure " : "") + "--brokers " +
         std::to_string(options.brokers) + " --owner-pid " + std::to_string(getpid()));
  std::ifstream file(dir_ + "/stack.env");
  std::string line;
  while (std::getline(file, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env_[line.substr(0, eq)] = line.substr(eq + 1);
  }
  if (env_.size() < 3) throw std::runtime_error("stack.env in " + dir_ + " is incomplete");
}

TestStack::~TestStack() {
  try {
    script("down");
  } catch (...) {
    // The watchdog still removes it once this process is gone.
  }
}

void TestStack::script(const std::string& arguments) {
  const std::string command = source_dir() + "/deploy/local/stack.sh " + arguments + " --dir " + dir_;
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

void TestStack::stop(const std::string& component) {
  script("stop " + component);
}
void TestStack::kill(const std::string& component) {
  script("kill " + component);
}
void TestStack::start(const std::string& component) {
  script("start " + component);
}

namespace {
TestStack* g_shared_stack = nullptr;
}  // namespace

TestStack& shared_stack() {
  if (!g_shared_stack) g_shared_stack = new TestStack();
  return *g_shared_stack;
}

void stop_shared_stack() {
  delete g_shared_stack;
  g_shared_stack = nullptr;
}

int free_port() {
  // The kernel may offer a port it offered a moment ago, before whoever got it has bound it (a
  // pipeline picks its five services' ports before starting them): never hand out one twice.
  static std::mutex mutex;
  static std::set<int> handed_out;
  std::lock_guard lock(mutex);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      close(fd);
      throw std::runtime_error("cannot find a free port");
    }
    close(fd);
    const int port = ntohs(address.sin_port);
    if (handed_out.insert(port).second) return port;
  }
  throw std::runtime_error("cannot find a free port not handed out before");
}

}  // namespace orderflow::testing
