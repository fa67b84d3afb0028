#include "orderflow/storage/schema.h"

#include <regex>
#include <stdexcept>

#include "orderflow/common/embedded_file.h"

namespace orderflow::storage {
namespace detail {
const std::vector<EmbeddedFile>& migration_files();  // generated from libs/storage/migrations
}  // namespace detail

const std::vector<postgres::Migration>& migrations() {
  static const std::vector<postgres::Migration> kMigrations = [] {
    static const std::regex kName(R"(^(\d+)_(.+)\.sql$)");
    std::vector<postgres::Migration> out;
    for (const auto& file : detail::migration_files()) {
      std::cmatch m;
      if (!std::regex_match(file.path.begin(), file.path.end(), m, kName)) {
        throw std::logic_error("migration " + std::string(file.path) + " is not named NNN_description.sql");
      }
      out.push_back({std::stoi(m[1].str()), m[2].str(), std::string(file.content)});
    }
    return out;
  }();
  return kMigrations;
}

}  // namespace orderflow::storage
