#include "failure_policy.h"

#include <new>
#include <pqxx/pqxx>

#include "orderflow/postgres/connection_pool.h"

namespace orderflow::processor {

Disposition classify(const std::exception& error) {
  if (dynamic_cast<const std::bad_alloc*>(&error)) return Disposition::kStop;
  if (postgres::is_transient(error)) return Disposition::kRetry;
  // Any other SQL error is about the statement's data: the same batch fails the same way again.
  if (dynamic_cast<const pqxx::sql_error*>(&error)) return Disposition::kDeadLetter;
  return Disposition::kRetry;
}

}  // namespace orderflow::processor
