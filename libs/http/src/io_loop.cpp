#include "io_loop.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <microhttpd.h>
#include <poll.h>
#include <stdexcept>
#include <sys/eventfd.h>
#include <unistd.h>

#include "orderflow/common/logger.h"

namespace orderflow::http {
namespace {

// The longest wait between two runs of a daemon. A daemon at its connection limit (or out of file
// descriptors) takes the listening socket out of its epoll set and puts it back only at the start
// of a run; the runs after a connection closes cover that, and this bounds what they miss.
constexpr MHD_UNSIGNED_LONG_LONG kLongestWaitMs = 1000;
// After a failed wait or run, so that a lasting failure costs a log line now and then, not a core.
constexpr auto kBackOff = std::chrono::milliseconds(10);

unsigned connections(MHD_Daemon* daemon) {
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
  return info ? info->num_connections : 0;
}

}  // namespace

IoLoop::IoLoop(MHD_Daemon* daemon) : daemon_(daemon) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw std::runtime_error("cannot create the HTTP I/O loop's eventfd");
}

IoLoop::~IoLoop() {
  stop();
  close(wake_fd_);
}

void IoLoop::start() {
  thread_ = std::thread([this] { run(); });
}

void IoLoop::wake() {
  const std::uint64_t one = 1;
  // Fails only when the counter would overflow, and then a wake-up is pending anyway.
  [[maybe_unused]] const auto written = write(wake_fd_, &one, sizeof one);
}

void IoLoop::quiesce() {
  quiesce_requested_.store(true, std::memory_order_release);
  wake();
}

void IoLoop::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  wake();
  thread_.join();
}

void IoLoop::run() {
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_EPOLL_FD);
  pollfd waits[2] = {{info->epoll_fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  bool run_again = false;
  bool quiesced = false;
  int failures = 0;
  while (!stopping_.load(std::memory_order_acquire)) {
    if (!quiesced && quiesce_requested_.load(std::memory_order_acquire)) {
      quiesced = true;
      quiesced_socket_ = MHD_quiesce_daemon(daemon_);
      run_again = true;  // the run takes the socket out of the epoll set
    }
    // Until the earliest connection timeout, 0 when libmicrohttpd has data already read.
    MHD_UNSIGNED_LONG_LONG wait_ms = kLongestWaitMs;
    if (MHD_get_timeout(daemon_, &wait_ms) != MHD_YES) wait_ms = kLongestWaitMs;
    const int timeout = run_again ? 0 : static_cast<int>(std::min(wait_ms, kLongestWaitMs));
    bool failed = poll(waits, 2, timeout) < 0 && errno != EINTR;
    if (waits[1].revents & POLLIN) {
      std::uint64_t wakes = 0;
      [[maybe_unused]] const auto read_back = read(wake_fd_, &wakes, sizeof wakes);
    }
    const unsigned before = connections(daemon_);
    failed = MHD_run_wait(daemon_, 0) != MHD_YES || failed;
    run_again = connections(daemon_) < before;
    if (failed) {
      if (failures++ % 1000 == 0) log::error("HTTP I/O loop failing", {{"errno", errno}, {"failures", failures}});
      std::this_thread::sleep_for(kBackOff);
    } else {
      failures = 0;
    }
  }
}

}  // namespace orderflow::http
