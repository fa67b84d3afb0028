#pragma once

#include <map>
#include <string>

#include <string>

namespace orderflow::testing {

// Moves consumer group `group` back to the first offset of every partition of `topic`, as an
// operator replaying a topic would. The group must have no members at the time.
void reset_group_to_earliest(const std::string& brokers, const std::string& group, const std::string& topic);

// Sets `topic`'s dynamic configuration to exactly `configs` (Kafka's AlterConfigs replaces the
// whole set; orderflow's topics have none of their own). Throws when the broker refuses.
void set_topic_configs(const std::string& brokers, const std::string& topic,
                       const std::map<std::string, std::string>& configs);

// The sum over `topic`'s partitions of the high watermark minus the group's committed offset.
long long group_lag(const std::string& brokers, const std::string& group, const std::string& topic);

}  // namespace orderflow::testing
