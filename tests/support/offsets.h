#pragma once

#include <map>
#include <string>
#include <vector>

namespace orderflow::testing {

// Moves consumer group `group` back to the first offset of every partition of `topic`, as an
// operator replaying a topic would. The group must have no members at the time.
void reset_group_to_earliest(const std::string& brokers, const std::string& group, const std::string& topic);

// The sum over `topic`'s partitions of the high watermark minus the group's committed offset.
long long group_lag(const std::string& brokers, const std::string& group, const std::string& topic);

// The group as the broker (its coordinator) sees it: state ("Stable", "PreparingRebalance", ...)
// and, per member (its member id), the partitions of `topic` assigned to it.
struct GroupState {
  std::string state;
  std::map<std::string, std::vector<int>> partitions_by_member;
};
GroupState describe_group(const std::string& brokers, const std::string& group, const std::string& topic);

}  // namespace orderflow::testing
