#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace orderflow::testing {

// Polls `condition` until it holds or `timeout` passes; returns whether it held. Tests wait on
// the outcome they care about this way, never on a fixed sleep.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30),
                       std::chrono::milliseconds interval = std::chrono::milliseconds(50)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace orderflow::testing
