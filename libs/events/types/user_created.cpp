// UserCreated: a user signed up. Schema: proto-schemas/events/user_created.v1.json.
#include "orderflow/events/event_type.h"

namespace orderflow::events::types {

extern const EventType kUserCreated{
    .name = "UserCreated",
    .endpoint = "/users",
    .key_fields = {"userId"},
    .answer_fields = {"userId"},
    .endpoint_defaults = {{"userId", Fill::kNewId}, {"createdAt", Fill::kNow}},
    .time_fields = {"createdAt"},
    .check_rules = nullptr,  // the schema says it all
    .request_shapes = {},
    // The first UserCreated of a user id wins.
    .storage_effect = R"(
      INSERT INTO users (user_id, email, first_name, last_name, created_at, created_event_id)
      SELECT e->>'userId', e->>'email', e->>'firstName', e->>'lastName', (e->>'createdAt')::timestamptz, e->>'eventId'
      FROM incoming_events AS batch(position, event_id, event_type, e)
      WHERE batch.event_type = 'UserCreated'
      ORDER BY position
      ON CONFLICT (user_id) DO NOTHING)",
};

}  // namespace orderflow::events::types
