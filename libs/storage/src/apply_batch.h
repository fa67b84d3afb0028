#pragma once

#include <string>

namespace orderflow::storage::detail {

// The session's staging table: the batch's new events, each payload parsed into jsonb once, that
// every statement of orderflow_apply_batch reads. The function empties it before it returns, and a
// rollback takes the rows back.
extern const char* const kCreateStaging;

// Creates this session's pg_temp.orderflow_apply_batch, which applies one batch as a single
// statement, so a batch costs PostgreSQL one round trip and one transaction (autocommit) instead
// of one per statement. It stages the events, locks their Kafka partitions, unstages those the
// inbox already holds, records the rest in the inbox, runs each staged type's storage effect, and
// returns the ids the inbox already held, each marked when it held another payload.
std::string create_apply_batch_function();

// The prepared call: $1 event ids, $2 types, $3 payloads, $4 topics, $5 partitions, $6 offsets,
// $7 trace ids (each an array, one element per event, in arrival order) and $8 the distinct types
// among them. Rows: (earlier_event_id text, with_other_payload boolean).
extern const char* const kApplyBatchName;
extern const char* const kApplyBatch;

// The SQLSTATE the function raises when an inbox key was taken by a concurrent transaction
// between its lookup and its insert: not the batch's fault, and its retry finds the id.
extern const char* const kAppliedConcurrently;

}  // namespace orderflow::storage::detail
