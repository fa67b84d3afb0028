#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace orderflow::bench {

template <typename F>
double seconds_for(F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One line of the report: the measured number next to its baseline from the same run.
inline void report(const std::string& what, const std::string& unit, double value, const std::string& baseline,
                   double baseline_value) {
  std::printf("%-52s %12.0f %s   baseline (%s) %10.0f %s   x%.1f\n", what.c_str(), value, unit.c_str(),
              baseline.c_str(), baseline_value, unit.c_str(), value / baseline_value);
  std::fflush(stdout);
}

void run_store_bench(const std::string& dsn, int batches, int batch_size);
void run_validation_bench(int events);

}  // namespace orderflow::bench
