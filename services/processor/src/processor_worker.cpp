#include "processor_worker.h"

#include <exception>
#include <mutex>
#include <thread>

namespace orderflow::processor {

ProcessorWorker::ProcessorWorker(const Parts& parts, dead_letters::DeadLetterSink& dead_letters,
                                 ProcessorMetrics& metrics, metrics::Registry& registry)
    : store_(parts.dsn, parts.inbox_retention_days),
      redis_client_(parts.redis),
      redis_cache_(redis_client_, parts.dedup_ttl),
      cache_(redis_cache_),
      processor_(store_, cache_, dead_letters, metrics),
      consumer_(parts.kafka, {parts.group, {parts.topic}}),
      stage_(consumer_, processor_, &dead_letters, parts.stage, registry) {}

void ProcessorWorker::run(ShutdownSignal& shutdown) {
  stage_.run(shutdown);
  consumer_.close();
}

void run_all(std::vector<std::unique_ptr<ProcessorWorker>>& workers, ShutdownSignal& shutdown) {
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

}  // namespace orderflow::processor
