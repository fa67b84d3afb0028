#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace orderflow {

// Turns SIGINT and SIGTERM into a flag every thread can poll and a wait the main thread can block
// on. Construct it first in main(), before any thread starts, so the signals are blocked in all of
// them and only its own thread receives them.
class ShutdownSignal {
 public:
  ShutdownSignal();
  ~ShutdownSignal();
  ShutdownSignal(const ShutdownSignal&) = delete;
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;

  bool requested() const { return requested_.load(std::memory_order_acquire); }
  void request();
  void wait();
  // True when shutdown was requested within the timeout.
  bool wait_for(std::chrono::milliseconds timeout);

 private:
  std::atomic<bool> requested_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread signal_thread_;
};

}  // namespace orderflow
