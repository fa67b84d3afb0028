#include "oracle.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "eventually.h"
#include "test_stack.h"

namespace orderflow::testing {
namespace {

constexpr const char* kPersisted = R"(
  SELECT id FROM jsonb_array_elements_text($1::jsonb) AS ids(id)
  WHERE EXISTS (SELECT 1 FROM processed_events WHERE event_id = ids.id))";

constexpr const char* kDeadLettered = R"(
  SELECT DISTINCT ON (event_id) event_id, reason FROM dead_letters
  WHERE event_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY event_id, dead_lettered_at)";

constexpr const char* kStock = R"(
  SELECT sku, quantity FROM inventory WHERE sku IN (SELECT jsonb_array_elements_text($1::jsonb)))";

}  // namespace

void report_tally(const std::string& line) {
  std::cout << "[tally] " << line << std::endl;
  std::ofstream(binary_dir() + "/test-logs/fault-tallies.txt", std::ios::app) << line << "\n";
}

std::string Tally::summary(const std::string& scenario) const {
  char line[256];
  std::snprintf(line, sizeof line, "%s: acknowledged=%zu persisted=%zu dead-lettered=%zu lost=%zu duplicated=%zu",
                scenario.c_str(), acknowledged, persisted, dead_lettered, lost, duplicated);
  return line;
}

Tally Oracle::settle(const LoadDriver& load, std::chrono::seconds timeout) const {
  const auto acknowledged = load.acknowledged();
  Tally tally;
  eventually(
      [&] {
        try {
          tally = count(acknowledged);
        } catch (const std::exception&) {
          return false;  // PostgreSQL may still be coming back
        }
        return tally.lost == 0 && tally.duplicated == 0;
      },
      timeout, std::chrono::milliseconds(250));
  return tally;
}

Tally Oracle::count(const std::vector<LoadDriver::Acknowledged>& acknowledged) const {
  nlohmann::json ids = nlohmann::json::array();
  std::set<std::string> sku_set;
  for (const auto& a : acknowledged) {
    ids.push_back(a.event_id);
    sku_set.insert(a.sku);
  }
  nlohmann::json skus = nlohmann::json::array();
  for (const auto& sku : sku_set) skus.push_back(sku);

  pqxx::connection connection(database_url_);
  pqxx::read_transaction txn(connection);
  std::set<std::string> persisted;
  for (const auto& row : txn.exec_params(kPersisted, ids.dump())) persisted.insert(row[0].c_str());
  Tally tally;
  for (const auto& row : txn.exec_params(kDeadLettered, ids.dump())) {
    if (!persisted.count(row[0].c_str())) tally.dead_letter_reasons[row[0].c_str()] = row[1].c_str();
  }
  std::map<std::string, long> stock;
  for (const auto& row : txn.exec_params(kStock, skus.dump())) stock[row[0].c_str()] = row[1].as<long>();

  tally.acknowledged = acknowledged.size();
  tally.persisted = persisted.size();
  tally.dead_lettered = tally.dead_letter_reasons.size();
  tally.lost = tally.acknowledged - tally.persisted - tally.dead_lettered;
  // What the stock must be: the acknowledged adjustments that were not dead-lettered, each once.
  std::map<std::string, long> expected_stock;
  for (const auto& a : acknowledged) {
    if (!tally.dead_letter_reasons.count(a.event_id)) expected_stock[a.sku] += a.delta;
  }
  for (const auto& [sku, total] : expected_stock) {
    if (stock[sku] != total) ++tally.duplicated;
  }
  return tally;
}

}  // namespace orderflow::testing
