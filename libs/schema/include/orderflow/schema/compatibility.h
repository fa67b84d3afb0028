#pragma once

#include <string>
#include <vector>

#include "orderflow/schema/validator.h"

namespace orderflow::schema {

// Why `newer` might refuse a document `older` accepts, one line per finding ("properties.items:
// maxItems lowered from 1000 to 10"); empty when every document valid under `older` is valid under
// `newer` as far as the supported keywords can tell. Conservative: a change it cannot prove safe
// (a different pattern, say) is reported. Properties named in `ignored` are not compared — the
// schemaVersion const, which must differ between versions.
std::vector<std::string> breaking_changes(const Registry& registry, const std::string& older, const std::string& newer,
                                          const std::vector<std::string>& ignored = {});

}  // namespace orderflow::schema
