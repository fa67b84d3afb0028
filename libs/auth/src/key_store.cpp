#include "orderflow/auth/key_store.h"

#include <cmath>
#include <stdexcept>

namespace orderflow::auth {

IssuedKey ApiKeyStore::create(const Client& client) {
  if (!is_valid_client_name(client.name)) {
    throw std::invalid_argument("a client name is 1 to 63 of a-z 0-9 . _ - and starts with a letter or digit");
  }
  if (client.event_types.empty()) throw std::invalid_argument("a key needs at least one event type, or *");
  if (client.rate_limit && (client.rate_limit->per_second <= 0 || client.rate_limit->burst < 1)) {
    throw std::invalid_argument("a rate limit needs a rate above 0 and a burst of at least 1");
  }
  IssuedKey key = issue_api_key();
  auto connection = pool_.acquire();
  pqxx::work tx(*connection);
  std::optional<double> rate, burst;
  if (client.rate_limit) {
    rate = client.rate_limit->per_second;
    burst = client.rate_limit->burst;
  }
  tx.exec_params(
      "INSERT INTO api_keys (name, key_prefix, key_hash, event_types, rate_per_second, burst) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      client.name, key.prefix, key.hash, join_event_types(client.event_types), rate, burst);
  tx.commit();
  return key;
}

bool ApiKeyStore::revoke(const std::string& name) {
  auto connection = pool_.acquire();
  pqxx::work tx(*connection);
  const auto result =
      tx.exec_params("UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL", name);
  tx.commit();
  return result.affected_rows() > 0;
}

std::vector<StoredKey> ApiKeyStore::list() {
  return query(false);
}

std::vector<StoredKey> ApiKeyStore::active() {
  return query(true);
}

std::vector<StoredKey> ApiKeyStore::query(bool only_active) {
  auto connection = pool_.acquire();
  pqxx::read_transaction tx(*connection);
  const auto rows = tx.exec(std::string("SELECT name, key_prefix, key_hash, event_types, rate_per_second, burst, "
                                        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                                        "to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                                        "FROM api_keys") +
                            (only_active ? " WHERE revoked_at IS NULL" : "") +
                            " ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC");
  std::vector<StoredKey> keys;
  keys.reserve(rows.size());
  for (const auto& row : rows) {
    StoredKey key;
    key.client.name = row[0].as<std::string>();
    key.prefix = row[1].as<std::string>();
    key.hash = row[2].as<std::string>();
    key.client.event_types = split_event_types(row[3].as<std::string>());
    if (!row[4].is_null() && !row[5].is_null()) {
      const RateLimit limit{row[4].as<double>(), row[5].as<double>()};
      // A row edited by hand to 0, a negative or NaN falls back to the default limit.
      if (std::isfinite(limit.per_second) && limit.per_second > 0 && std::isfinite(limit.burst) && limit.burst >= 1) {
        key.client.rate_limit = limit;
      }
    }
    key.created_at = row[6].as<std::string>();
    if (!row[7].is_null()) key.revoked_at = row[7].as<std::string>();
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace orderflow::auth
