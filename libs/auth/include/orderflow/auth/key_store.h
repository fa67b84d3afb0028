#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orderflow/auth/api_key.h"
#include "orderflow/auth/client.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::auth {

// A key as stored: never the key itself.
struct StoredKey {
  Client client;
  std::string prefix;
  std::string hash;
  std::string created_at;                 // RFC 3339
  std::optional<std::string> revoked_at;  // RFC 3339, when revoked
};

// The api_keys table (libs/storage/migrations/006_api_keys.sql): what `orderflow-keys` manages and
// the services read.
class ApiKeyStore {
 public:
  explicit ApiKeyStore(postgres::ConnectionPool& pool) : pool_(pool) {}

  // Issues a key for `client`. std::invalid_argument for a bad name or an empty type list; throws
  // when an unrevoked key already has the name.
  IssuedKey create(const Client& client);
  // Revokes the active key of `name`; false when there is none.
  bool revoke(const std::string& name);
  // Every key, the active ones first, newest first.
  std::vector<StoredKey> list();
  // The keys that authenticate now.
  std::vector<StoredKey> active();

 private:
  std::vector<StoredKey> query(bool only_active);

  postgres::ConnectionPool& pool_;
};

}  // namespace orderflow::auth
