#include "io_loop.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <microhttpd.h>
#include <poll.h>
#include <stdexcept>
#include <sys/eventfd.h>
#include <unistd.h>

#include "orderflow/common/logger.h"

namespace orderflow::http {

IoLoop::IoLoop(MHD_Daemon* daemon) : daemon_(daemon) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw std::runtime_error("cannot create the HTTP I/O loop's eventfd");
  thread_ = std::thread([this] { run(); });
}

IoLoop::~IoLoop() {
  stop();
  close(wake_fd_);
}

void IoLoop::wake() {
  const std::uint64_t one = 1;
  // Fails only when the counter would overflow, and then a wake-up is pending anyway.
  [[maybe_unused]] const auto written = write(wake_fd_, &one, sizeof one);
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
  while (!stopping_.load(std::memory_order_acquire)) {
    // Until the earliest connection timeout, or 0 when libmicrohttpd has data already read.
    MHD_UNSIGNED_LONG_LONG pending = 0;
    const int timeout_ms = MHD_get_timeout(daemon_, &pending) == MHD_YES
                               ? static_cast<int>(std::min<MHD_UNSIGNED_LONG_LONG>(pending, INT_MAX))
                               : -1;
    if (poll(waits, 2, timeout_ms) < 0 && errno != EINTR) {
      log::error("HTTP I/O loop cannot wait", {{"errno", errno}});
    }
    if (waits[1].revents & POLLIN) {
      std::uint64_t wakes = 0;
      [[maybe_unused]] const auto read_back = read(wake_fd_, &wakes, sizeof wakes);
    }
    if (MHD_run(daemon_) != MHD_YES) {
      log::warn("HTTP I/O loop: libmicrohttpd could not run its connections");
    }
  }
}

}  // namespace orderflow::http
