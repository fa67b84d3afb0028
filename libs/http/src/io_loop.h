#pragma once

#include <atomic>
#include <thread>

struct MHD_Daemon;

namespace orderflow::http {

// Drives one libmicrohttpd daemon started in epoll mode without threads of its own: a thread here
// waits on the daemon's epoll descriptor and then runs the daemon with a zero timeout.
//
// Why not libmicrohttpd's own thread pool: its poll() loop scans every connection of its thread at
// each wakeup (the poll() machinery was a third of the gateway's CPU at 5,000 requests/s over 256
// keep-alive connections), and its epoll loop in 0.9.75, when woken with exactly its 128-event
// batch, waits again with the timeout it computed before instead of zero, which left a thread's
// connections stalled until the idle timeout. Here the only wait is this loop's. Without threads of
// its own libmicrohttpd has no channel to learn of a connection resumed from another thread:
// whoever resumes one calls wake().
//
// libmicrohttpd's daemon state is not meant for two threads: once start() has run, only this
// loop's thread calls into the daemon (quiesce() asks it to), until stop() has joined it.
class IoLoop {
 public:
  explicit IoLoop(MHD_Daemon* daemon);  // the daemon stays the caller's, to stop after stop()
  ~IoLoop();
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  void start();
  // The daemon runs once more soon; callable from any thread, also after stop().
  void wake();
  // The daemon stops accepting (MHD_quiesce_daemon, on the loop's thread); see quiesced_socket().
  void quiesce();
  // Wakes the thread and joins it; the daemon is no longer run afterwards.
  void stop();
  // After stop(): the listening socket the quiesced daemon let go of (the caller closes it once
  // the daemon is stopped), or -1 when it was never quiesced and will close it itself.
  int quiesced_socket() const { return quiesced_socket_; }

 private:
  void run();

  MHD_Daemon* daemon_;
  int wake_fd_ = -1;  // an eventfd: written by wake()
  std::atomic<bool> quiesce_requested_{false};
  std::atomic<bool> stopping_{false};
  int quiesced_socket_ = -1;  // the loop thread's until stop() joins it
  std::thread thread_;
};

}  // namespace orderflow::http
