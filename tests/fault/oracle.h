#pragma once

#include <map>
#include <string>
#include <vector>

#include "load_driver.h"

namespace orderflow::testing {

// The one promise every fault scenario checks: every event id answered 2xx is in PostgreSQL
// exactly once or in the dead letter queue with a reason; no effect is applied twice; stock
// equals the sum of the accepted adjustments.
struct Tally {
  std::size_t acknowledged = 0;
  std::size_t persisted = 0;
  std::size_t dead_lettered = 0;
  std::size_t lost = 0;        // acknowledged, yet neither persisted nor dead-lettered
  std::size_t duplicated = 0;  // SKUs whose stock differs from the sum of what was acknowledged
  std::map<std::string, std::string> dead_letter_reasons;  // event id -> reason

  std::string summary(const std::string& scenario) const;
};

// Prints a tally line, and keeps it in build/test-logs/fault-tallies.txt, which the test command
// shows at the end of a run.
void report_tally(const std::string& line);

class Oracle {
 public:
  explicit Oracle(std::string database_url) : database_url_(std::move(database_url)) {}

  // Waits (up to `timeout`) until every acknowledged event is persisted or dead-lettered, then counts.
  Tally settle(const LoadDriver& load, std::chrono::seconds timeout = std::chrono::seconds(120)) const;

 private:
  Tally count(const std::vector<LoadDriver::Acknowledged>& acknowledged) const;

  std::string database_url_;
};

}  // namespace orderflow::testing
