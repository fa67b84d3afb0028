#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "orderflow/common/decimal.h"
#include "orderflow/events/problem.h"

namespace orderflow::events {

// Reads the fields of one JSON object, appending a Problem for each one that is missing or wrong
// and returning a neutral value in its place, so a caller reports every problem at once.
class FieldChecks {
 public:
  FieldChecks(const nlohmann::json& object, std::string path, Problems& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {}

  void no_other_fields(std::initializer_list<const char*> known);
  // 1 to 128 characters of letters, digits and "-_.:@".
  std::string identifier(const char* name);
  std::string short_text(const char* name, std::size_t max_length);
  Decimal positive_amount(const char* name);
  std::string currency(const char* name);
  std::string timestamp(const char* name);

 private:
  const nlohmann::json* required(const char* name, const char* type_rule);
  void add(const std::string& name, const char* rule, std::string message);

  const nlohmann::json& object_;
  std::string path_;
  Problems& problems_;
};

}  // namespace orderflow::events
