// PaymentSettled: a payment reached a status. Schema: proto-schemas/events/payment_settled.v1.json;
// seed 001's payment body: proto-schemas/api/payment_request.v1.json.
#include "orderflow/events/event_type.h"

#include "rule_checks.h"

namespace orderflow::events::types {
namespace {

void check_payment(const nlohmann::json& event, RuleChecks& checks) {
  const auto digits = checks.currency(event, "currency");
  checks.amount("amount", event["amount"], digits, event["currency"]);
}

}  // namespace

extern const EventType kPaymentSettled{
    .name = "PaymentSettled",
    .endpoint = "/payments",
    // A payment shares its order's partition, so it is applied after the order it pays.
    .key_fields = {"orderId", "paymentId"},
    .answer_fields = {"orderId", "paymentId"},
    // The status is the client's to say: none is ever assumed.
    .endpoint_defaults = {{"paymentId", Fill::kNewId}, {"settledAt", Fill::kNow}},
    .time_fields = {"settledAt"},
    .check_rules = check_payment,
    .request_shapes = {{
        // Seed 001's payment request, told apart by its snake_case customer_id. It asks for a
        // payment, which is pending until an event with its outcome arrives.
        .endpoint = "/payments",
        .schema = "api/payment_request.v1.json",
        .telltale_field = "customer_id",
        .schema_version = 1,
        .fields = {{"payment_id", "paymentId"},
                   {"order_id", "orderId"},
                   {"customer_id", "customerId"},
                   {"merchant_id", "merchantId"},
                   {"amount", "amount"},
                   {"currency", "currency"},
                   {"payment_method", "paymentMethod"}},
        .defaults = {{"paymentId", Fill::kNewId}, {"status", Fill::kConstant, "pending"}, {"settledAt", Fill::kNow}},
        .answer_aliases = {"payment_id"},
    }},
    // A payment only moves forward: a late or replayed event with an older settledAt, or the same
    // time and a lower status rank, changes nothing. Within a batch the most advanced event per
    // payment is the one written (ON CONFLICT may touch each row once per statement).
    .storage_effect = R"(
      INSERT INTO payments (payment_id, order_id, customer_id, merchant_id, amount, currency, payment_method,
                            status, settled_at, last_event_id)
      SELECT DISTINCT ON (e->>'paymentId')
             e->>'paymentId', e->>'orderId', e->>'customerId', e->>'merchantId', (e->>'amount')::numeric,
             e->>'currency', e->>'paymentMethod', e->>'status', (e->>'settledAt')::timestamptz, e->>'eventId'
      FROM incoming_events AS batch(position, event_id, event_type, e)
      WHERE batch.event_type = 'PaymentSettled'
      ORDER BY e->>'paymentId', (e->>'settledAt')::timestamptz DESC,
               orderflow_payment_status_rank(e->>'status') DESC, position DESC
      ON CONFLICT (payment_id) DO UPDATE SET
        order_id = coalesce(EXCLUDED.order_id, payments.order_id),
        customer_id = coalesce(EXCLUDED.customer_id, payments.customer_id),
        merchant_id = coalesce(EXCLUDED.merchant_id, payments.merchant_id),
        amount = EXCLUDED.amount, currency = EXCLUDED.currency,
        payment_method = coalesce(EXCLUDED.payment_method, payments.payment_method),
        status = EXCLUDED.status, settled_at = EXCLUDED.settled_at, last_event_id = EXCLUDED.last_event_id,
        updated_at = now()
      WHERE (EXCLUDED.settled_at, orderflow_payment_status_rank(EXCLUDED.status))
          > (payments.settled_at, orderflow_payment_status_rank(payments.status)))",
};

}  // namespace orderflow::events::types
