#pragma once

#include <atomic>
#include <thread>

struct MHD_Daemon;

namespace orderflow::http {

// Drives one libmicrohttpd daemon started in epoll mode without threads of its own: a thread here
// waits on the daemon's epoll descriptor and then calls MHD_run().
//
// Why not libmicrohttpd's own thread pool: its poll() loop scans every connection of its thread at
// each wakeup (the poll() machinery was a third of the gateway's CPU at 5,000 requests/s over 256
// keep-alive connections), and its epoll loop in 0.9.75, when woken with exactly its 128-event
// batch, waits again with the timeout it computed before instead of zero, which left a thread's
// connections stalled until the idle timeout. MHD_run() drains the epoll set with a zero timeout;
// the wait happens here. Without threads of its own libmicrohttpd has no channel to learn of a
// connection resumed from another thread: whoever resumes one calls wake().
class IoLoop {
 public:
  explicit IoLoop(MHD_Daemon* daemon);  // starts the thread; the daemon stays the caller's
  ~IoLoop();
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  // The daemon runs once more soon; callable from any thread.
  void wake();
  // Wakes the thread and joins it; the daemon is no longer run afterwards.
  void stop();

 private:
  void run();

  MHD_Daemon* daemon_;
  int wake_fd_ = -1;  // an eventfd: written by wake() and stop()
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace orderflow::http
