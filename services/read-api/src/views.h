#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "orderflow/storage/dead_letter_records.h"
#include "orderflow/storage/queries.h"

// The read-api's response bodies, in seed 002's shapes (proto-schemas/openapi.yaml: User, Order,
// the inventory and EventStatus answers). Amounts are exact decimal nodes: write them with
// http::reply_json.
namespace orderflow::read_api {

// {"userId","email","firstName","lastName","createdAt","updatedAt","orders":[last 5, newest first]}
nlohmann::json user_view(const storage::UserRow& user);

// {"orderId","userId","totalAmount","currency","status","placedAt","createdAt","updatedAt",
//  "items":[{"sku","quantity","price"}],"payment":{...},"risk":{...}|null} — "payment" only when
//  there is one.
nlohmann::json order_view(const storage::OrderRow& order);

// {"assessmentId","modelVersion","score","decision","reasons","missing","assessedAt","review":{...}|null}
nlohmann::json risk_view(const storage::RiskRow& risk);
// {"reviewId","subjectType","subjectId","orderId","status","createdAt","reviewer","note","decidedAt"}
nlohmann::json review_view(const storage::ReviewRow& review);
// {"reviews":[review + "assessment", "userId", "amount", "currency"], "next": review id to continue after | null}
nlohmann::json review_queue_view(const std::vector<storage::QueuedReviewRow>& reviews, std::size_t limit);

// {"sku","quantity","updatedAt"}
nlohmann::json inventory_view(const storage::InventoryRow& stock);
nlohmann::json product_view(const storage::ProductRow& product);

// {"eventId","status":"persisted","eventType","processedAt"},
// {"eventId","status":"dead_lettered","reason","error","stage","deadLetteredAt"}.
nlohmann::json event_status_view(const std::string& event_id, const storage::EventStatusRow& status);
// {"eventId","status":"accepted"}: Kafka has it, the database not yet.
nlohmann::json accepted_event_view(const std::string& event_id);

}  // namespace orderflow::read_api
