// RiskAssessed: the risk stage's assessment of an OrderPlaced or PaymentSettled (services/risk).
// Schema: proto-schemas/events/risk_assessed.v1.json.
#include "orderflow/events/event_type.h"

namespace orderflow::events::types {

extern const EventType kRiskAssessed{
    .name = "RiskAssessed",
    .endpoint = nullptr,
    // The order's partition: applied after the order (and payment) it assesses.
    .key_fields = {"orderId"},
    .answer_fields = {},
    .endpoint_defaults = {},
    .time_fields = {"assessedAt"},
    .check_rules = nullptr,
    .request_shapes = {},
    // One assessment per assessed event (source_event_id is unique), whatever replays or
    // re-assessments come later: the first one stored stands. A `review` decision opens a review;
    // an order's status and a payment's risk_status say what risk made of them.
    .storage_effect = R"(
      WITH assessed AS (
        INSERT INTO risk_assessments (assessment_id, source_event_id, subject_type, subject_id, order_id, user_id,
                                      model_version, score, decision, reasons, features, missing, assessed_at, event_id)
        SELECT DISTINCT ON (e->>'sourceEventId')
               e->>'assessmentId', e->>'sourceEventId', e->>'subjectType', e->>'subjectId', e->>'orderId', e->>'userId',
               e->>'modelVersion', (e->>'score')::numeric, e->>'decision', e->'reasons', e->'features', e->'missing',
               (e->>'assessedAt')::timestamptz, e->>'eventId'
        FROM incoming_events AS batch(position, event_id, event_type, e)
        WHERE batch.event_type = 'RiskAssessed'
        ORDER BY e->>'sourceEventId', position
        ON CONFLICT DO NOTHING
        RETURNING assessment_id, source_event_id, subject_type, subject_id, order_id, decision, assessed_at),
      queued AS (
        INSERT INTO reviews (review_id, subject_type, subject_id, order_id, created_at)
        SELECT assessment_id, subject_type, subject_id, order_id, assessed_at FROM assessed WHERE decision = 'review'
        ON CONFLICT DO NOTHING),
      held_orders AS (
        UPDATE orders SET status = CASE assessed.decision WHEN 'review' THEN 'in_review' ELSE 'declined' END,
                          updated_at = now()
        FROM assessed
        WHERE assessed.subject_type = 'order' AND orders.order_id = assessed.subject_id
          AND orders.created_event_id = assessed.source_event_id  -- not a second placement's
          AND assessed.decision <> 'approve' AND orders.status = 'placed')
      UPDATE payments SET risk_status = CASE assessed.decision WHEN 'approve' THEN 'approved'
                                                               WHEN 'review' THEN 'in_review' ELSE 'declined' END
      FROM assessed
      WHERE assessed.subject_type = 'payment' AND payments.payment_id = assessed.subject_id
        -- a later, lower score never clears a hold or a decline
        AND (payments.risk_status IS NULL OR payments.risk_status = 'approved'))",
    .published_by = "the risk stage (services/risk)",
    .first_stands = true,
};

}  // namespace orderflow::events::types
