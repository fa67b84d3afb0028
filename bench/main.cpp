// orderflow-bench: see bench/run.sh, which starts an ephemeral stack and runs it.
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "bench_common.h"

int main(int argc, char** argv) {
  const char* dsn = std::getenv("DATABASE_URL");
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  try {
    orderflow::bench::run_validation_bench(quick ? 2'000 : 50'000);
    if (dsn) orderflow::bench::run_store_bench(dsn, quick ? 2 : 20, 1000);
  } catch (const std::exception& e) {
    std::cerr << "orderflow-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
