#pragma once

#include <string>

namespace orderflow::testing {

// Makes the broker refuse every write to `topic` (TOPIC_AUTHORIZATION_FAILED) while reads,
// metadata and everything on other topics go on; `refuse` false lifts it. The test stack's broker
// allows everything to everyone until a resource has ACLs, so this sets two on the topic: allow
// all operations, deny writes (a deny wins).
void refuse_writes(const std::string& brokers, const std::string& topic, bool refuse);

}  // namespace orderflow::testing
