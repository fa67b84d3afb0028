#pragma once

#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "orderflow/common/shutdown.h"

namespace orderflow {

// Runs every worker's run(shutdown) on a thread of its own and returns once all have stopped. The
// first to fail stops the others (through `shutdown`), and its error is rethrown: a service's
// consumers stop together, and their group hands every partition to the remaining instances.
template <typename Worker>
void run_together(std::vector<std::unique_ptr<Worker>>& workers, ShutdownSignal& shutdown) {
  std::mutex mutex;
  std::exception_ptr first_error;
  std::vector<std::thread> threads;
  for (auto& worker : workers) {
    threads.emplace_back([&, w = worker.get()] {
      try {
        w->run(shutdown);
      } catch (...) {
        {
          std::lock_guard lock(mutex);
          if (!first_error) first_error = std::current_exception();
        }
        shutdown.request();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace orderflow
