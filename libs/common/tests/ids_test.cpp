#include "orderflow/common/ids.h"

#include <gtest/gtest.h>
#include <regex>
#include <set>

namespace orderflow {
namespace {

TEST(EventIds, AreVersion7Uuids) {
  const std::regex kUuidV7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(std::regex_match(new_event_id(), kUuidV7));
}

TEST(EventIds, DoNotRepeat) {
  std::set<std::string> ids;
  for (int i = 0; i < 100000; ++i) ids.insert(new_event_id());
  EXPECT_EQ(ids.size(), 100000u);
}

TEST(EventIds, SortByCreationTimeAcrossMilliseconds) {
  const std::string first = new_event_id();
  const auto later = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
  while (std::chrono::steady_clock::now() < later) {
  }
  EXPECT_LT(first, new_event_id());
}

}  // namespace
}  // namespace orderflow
