#include "orderflow/common/shutdown.h"

#include <pthread.h>
#include <signal.h>

#include "orderflow/common/logger.h"

namespace orderflow {
namespace {

sigset_t shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // sent by our own destructor to end the signal thread
  return set;
}

}  // namespace

ShutdownSignal::ShutdownSignal() {
  const sigset_t set = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A closed peer must fail a write with EPIPE, not kill the process.
  signal(SIGPIPE, SIG_IGN);
  signal_thread_ = std::thread([this, set] {
    int received = 0;
    while (sigwait(&set, &received) == 0) {
      if (received == SIGUSR1) return;
      log::info("shutdown requested", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
      request();
    }
  });
}

ShutdownSignal::~ShutdownSignal() {
  pthread_kill(signal_thread_.native_handle(), SIGUSR1);
  signal_thread_.join();
}

void ShutdownSignal::request() {
  {
    std::lock_guard lock(mutex_);
    requested_.store(true, std::memory_order_release);
  }
  changed_.notify_all();
}

void ShutdownSignal::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return requested(); });
}

bool ShutdownSignal::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return requested(); });
}

}  // namespace orderflow
