// ReviewDecided: a reviewer approved or rejected a pending risk review.
// Schema: proto-schemas/events/review_decided.v1.json.
#include "orderflow/events/event_type.h"

namespace orderflow::events::types {

extern const EventType kReviewDecided{
    .name = "ReviewDecided",
    .endpoint = nullptr,
    .key_fields = {"orderId"},
    .answer_fields = {"reviewId"},
    .endpoint_defaults = {},
    .time_fields = {"decidedAt"},
    .check_rules = nullptr,
    .request_shapes = {},
    // Only a pending review is decided, by the first decision of a batch: a second decision
    // changes nothing (the gateway answers it 409 before it gets here). The order's status, or the
    // payment's risk_status, follows the decision.
    .storage_effect = R"(
      WITH decided AS (
        UPDATE reviews SET status = CASE d.e->>'decision' WHEN 'approve' THEN 'approved' ELSE 'rejected' END,
                           reviewer = d.e->>'reviewer', note = d.e->>'note',
                           decided_at = (d.e->>'decidedAt')::timestamptz, decision_event_id = d.e->>'eventId'
        FROM (SELECT DISTINCT ON (e->>'reviewId') e
              FROM incoming_events AS batch(position, event_id, event_type, e)
              WHERE batch.event_type = 'ReviewDecided'
              ORDER BY e->>'reviewId', position) AS d(e)
        WHERE reviews.review_id = d.e->>'reviewId' AND reviews.status = 'pending'
        RETURNING reviews.subject_type, reviews.subject_id, reviews.status),
      followed_orders AS (
        UPDATE orders SET status = decided.status, updated_at = now()
        FROM decided WHERE decided.subject_type = 'order' AND orders.order_id = decided.subject_id
          AND orders.status = 'in_review')
      UPDATE payments SET risk_status = decided.status, updated_at = now()
      FROM decided WHERE decided.subject_type = 'payment' AND payments.payment_id = decided.subject_id
        AND payments.risk_status = 'in_review')",
    .published_by = "the gateway's POST /reviews/{id}/decision",
};

}  // namespace orderflow::events::types
