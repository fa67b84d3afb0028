#include "apply_batch.h"

#include "orderflow/events/event_type.h"

namespace orderflow::storage::detail {

const char* const kCreateStaging = R"(
  CREATE TEMPORARY TABLE IF NOT EXISTS incoming_events (
    position integer NOT NULL, event_id text NOT NULL, event_type text NOT NULL, payload jsonb NOT NULL,
    source_topic text NOT NULL, source_partition integer NOT NULL, source_offset bigint NOT NULL,
    trace_id text NOT NULL
  ))";

const char* const kApplyBatchName = "apply_batch";
const char* const kApplyBatch = R"(
  SELECT earlier_event_id, with_other_payload
  FROM pg_temp.orderflow_apply_batch($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::bigint[],
                                     $7::text[], $8::text[]))";

// Raised by the function below under this code (PL/pgSQL takes it only as a literal).
const char* const kAppliedConcurrently = "OF001";

namespace {

// Why each step is written as it is:
//
// The lock serializes the transactions that apply records of the same Kafka partition. Normally
// one consumer owns a partition, but after a rebalance the previous owner may still be committing
// the batch the new owner is applying. The inbox's primary key catches that only inside one day's
// partition (see migration 009); with this lock, the second transaction waits for the first and
// then finds its events in the inbox, whichever day each was stamped with. Locks are taken in one
// order, so two batches cannot deadlock on them.
//
// The lookup asks the inbox for the staged ids as one array: the inbox is partitioned by day, so
// its primary key (event_id, processed_on) cannot see an event applied on an earlier day, and each
// live partition answers the array in a single index scan (the staging table has no statistics, so
// a join the planner chose freely could scan the whole inbox; a lookup per staged row costs an
// executor restart per row and partition). The partitions of the days ahead (made in advance by
// orderflow_inbox_maintain) are empty, yet probing each one cost as much as probing today's: all
// but tomorrow's are pruned. An event is stamped with the UTC day its inserting transaction
// started, and every transaction this lookup must see started before the locks were held (the
// lock orders those of the same Kafka partition; the others committed earlier), so no stamp it
// must find lies after the day read then on a clock that only moves forward. The day after it is
// probed too (v_last_day), the margin for a clock stepped back (a correction, a failover to a
// server whose clock is behind) by up to a day across midnight.
//
// Of the ids found (only redeliveries, so rarely), those held with another payload are marked; the
// comparison leaves out `timestamp`, the time the envelope was made, so the same event re-sent by
// its producer is not taken for a different one. Only the ids found are unstaged: an id another
// transaction commits after the lookup stays staged and meets the inbox's key.
//
// Every staged event is then new, and the lock keeps another consumer of the same Kafka partition
// from inserting the same ids meanwhile, so a plain INSERT suffices (no speculative ON CONFLICT
// insertion per row). The one way it can still meet an existing key, the same id arriving on two
// Kafka partitions at once and applied the same day, is raised as kAppliedConcurrently, and the
// batch's retry finds the id in the inbox. (Applied on two days, the copies land in two
// partitions: README, "The deduplication window".)
//
// The lookup alone is planned anew for each batch (EXECUTE), for the inbox as it is then: a plan
// kept for the session, made while the day's partition held a few pages (a new database, the
// first minutes of a day), read the partition whole for every batch as it grew, until autovacuum
// happened to refresh its statistics (a processor seconds behind within a minute of starting;
// `seq_scan` in the thousands on that partition). The ids stay a subquery, as the planner then
// does not estimate each of them (given as a parameter, 5,000 ids cost more to plan than to find).
//
// The staging table is emptied by the function itself, not ON COMMIT DELETE ROWS: that truncates
// the table at every commit, and a table with a TOAST table (the payload) is truncated by
// rebuilding the TOAST index, which took half the CPU of a small batch (a 7-event batch cost
// ~350 µs with it, ~105 µs without). A DELETE of the rows the same transaction inserted is cheap,
// but leaves their line pointers behind, so once the table has grown past 256 kB (a large batch,
// or some thousand small ones) it is truncated instead. An error rolls the staged rows back with
// the rest of the batch; their pages stay until the next batch that succeeds, whose check finds
// them (a failed batch is retried, or split into single events, so failures in a row are few).
//
// The other statements are planned once per session. A plan is made for the staging table's size as
// the planner sees it, and it sees at least 10 pages (~400 rows) in a table never vacuumed, which a
// temporary one never is; so the effects' joins of staged rows are hash joins whatever the first
// batch was, and they stay right for a batch of 5,000 (checked with EXPLAIN ANALYZE). PostgreSQL
// plans again after any DDL or ANALYZE of the tables a statement reads.
constexpr const char* kFunctionHead = R"(
CREATE OR REPLACE FUNCTION pg_temp.orderflow_apply_batch(
  p_event_ids text[], p_event_types text[], p_payloads text[], p_topics text[], p_partitions integer[],
  p_offsets bigint[], p_trace_ids text[], p_types text[])
RETURNS TABLE (earlier_event_id text, with_other_payload boolean)
LANGUAGE plpgsql AS $function$
#variable_conflict use_column
DECLARE
  v_earlier text[];
  v_other_payload text[] := '{}';
  v_last_day date;
BEGIN
  INSERT INTO incoming_events
    (position, event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id)
  SELECT staged.ordinality - 1, staged.event_id, staged.event_type, staged.payload::jsonb, staged.topic,
         staged.partition, staged.offset_, staged.trace_id
  FROM unnest(p_event_ids, p_event_types, p_payloads, p_topics, p_partitions, p_offsets, p_trace_ids)
       WITH ORDINALITY AS staged(event_id, event_type, payload, topic, partition, offset_, trace_id, ordinality);

  PERFORM pg_advisory_xact_lock(hashtextextended(source_topic || '/' || source_partition, 0))
  FROM (SELECT DISTINCT source_topic, source_partition FROM incoming_events ORDER BY 1, 2) AS sources;
  v_last_day := (clock_timestamp() AT TIME ZONE 'UTC')::date + 1;  -- read once the locks are held

  EXECUTE $lookup$
    SELECT ARRAY(
      SELECT DISTINCT event_id FROM processed_events
      WHERE event_id = ANY (ARRAY(SELECT event_id FROM incoming_events)) AND processed_on <= $1)
  $lookup$ INTO v_earlier USING v_last_day;

  IF cardinality(v_earlier) > 0 THEN
    v_other_payload := ARRAY(
      SELECT incoming.event_id
      FROM incoming_events AS incoming
      CROSS JOIN LATERAL (
        SELECT payload FROM processed_events
        WHERE processed_events.event_id = incoming.event_id AND processed_on <= v_last_day
        LIMIT 1) AS stored
      WHERE incoming.event_id = ANY (v_earlier)
        AND (stored.payload - 'timestamp') IS DISTINCT FROM (incoming.payload - 'timestamp'));
    DELETE FROM incoming_events WHERE event_id = ANY (v_earlier);
  END IF;

  BEGIN
    INSERT INTO processed_events
      (event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id)
    SELECT event_id, event_type, payload, source_topic, source_partition, source_offset, nullif(trace_id, '')
    FROM incoming_events;
  EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'event applied concurrently: %', SQLERRM USING ERRCODE = 'OF001';
  END;
)";

constexpr const char* kFunctionTail = R"(
  IF pg_table_size('pg_temp.incoming_events') > 262144 THEN
    TRUNCATE incoming_events;
  ELSE
    DELETE FROM incoming_events;
  END IF;

  RETURN QUERY SELECT earlier, earlier = ANY (v_other_payload) FROM unnest(v_earlier) AS earlier;
END
$function$)";

// `text` as a single-quoted SQL literal.
std::string quoted(std::string_view text) {
  std::string literal = "'";
  for (const char c : text) literal += c == '\'' ? std::string("''") : std::string(1, c);
  return literal + "'";
}

}  // namespace

std::string create_apply_batch_function() {
  std::string sql = kFunctionHead;
  // Each type's effect (libs/events/types/) applies the staged events of its type, in arrival
  // order; it runs only when the batch staged that type.
  for (const auto* type : events::event_types()) {
    if (!type->storage_effect) continue;
    sql += "\n  IF " + quoted(type->name) + " = ANY (p_types) THEN\n" + type->storage_effect + ";\n  END IF;\n";
  }
  return sql + kFunctionTail;
}

}  // namespace orderflow::storage::detail
