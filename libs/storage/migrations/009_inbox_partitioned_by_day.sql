-- The inbox becomes bounded: processed_events is partitioned by the UTC day an event was first
-- applied (processed_on), one partition per day, and orderflow_inbox_maintain() drops the days
-- older than the retention. Dropping a partition is a catalog change, not a DELETE of millions
-- of rows.
--
-- A unique index on a partitioned table must hold the partition key, so the primary key is
-- (event_id, processed_on): it makes an event id unique within its day. Across days the
-- processor looks the id up in every live partition before inserting (postgres_event_store.cpp),
-- so an event id is unique across the whole retention window: that window is the deduplication
-- window.
--
-- The table as it was becomes the partition of the day this migration runs: its rows are kept
-- and count as processed that day.
DO $$
DECLARE
  today date := (now() AT TIME ZONE 'UTC')::date;
  first_partition text := 'processed_events_p' || to_char(today, 'YYYYMMDD');
BEGIN
  ALTER TABLE processed_events RENAME TO processed_events_unpartitioned;
  ALTER TABLE processed_events_unpartitioned RENAME CONSTRAINT processed_events_pkey TO processed_events_unpartitioned_pkey;
  EXECUTE format('ALTER TABLE processed_events_unpartitioned ADD COLUMN processed_on date NOT NULL DEFAULT %L', today);
  ALTER TABLE processed_events_unpartitioned ALTER COLUMN processed_on DROP DEFAULT;
  ALTER TABLE processed_events_unpartitioned DROP CONSTRAINT processed_events_unpartitioned_pkey;
  ALTER TABLE processed_events_unpartitioned ADD PRIMARY KEY (event_id, processed_on);

  CREATE TABLE processed_events (
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    payload          jsonb NOT NULL,
    payload_sha256   bytea,
    source_topic     text NOT NULL,
    source_partition integer NOT NULL,
    source_offset    bigint NOT NULL,
    processed_at     timestamptz NOT NULL DEFAULT now(),
    trace_id         text,
    processed_on     date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
    PRIMARY KEY (event_id, processed_on)
  ) PARTITION BY RANGE (processed_on);

  EXECUTE format('ALTER TABLE processed_events_unpartitioned RENAME TO %I', first_partition);
  EXECUTE format('ALTER TABLE processed_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                 first_partition, today, today + 1);
END
$$;

-- Creates the partitions of today and the next three days (UTC) if they are missing, and drops
-- every partition whose whole day is older than `retention_days` before today. `today` is a
-- parameter so that tests can run it as of another day. Several processors may call it at once: an
-- advisory lock serializes them. Creating and dropping a partition locks the inbox briefly; rather
-- than queue every processor behind a long transaction holding it, it gives up after two seconds
-- (the caller tries again later). Returns the names of the partitions dropped.
CREATE FUNCTION orderflow_inbox_maintain(retention_days integer,
                                         today date DEFAULT (now() AT TIME ZONE 'UTC')::date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  day date;
  partition_name text;
BEGIN
  IF retention_days < 1 THEN
    RAISE EXCEPTION 'retention_days must be at least 1, not %', retention_days;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('orderflow_inbox_maintain'));
  PERFORM set_config('lock_timeout', '2s', true);
  FOR day IN SELECT generate_series(today, today + 3, interval '1 day')::date LOOP
    partition_name := 'processed_events_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(partition_name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF processed_events FOR VALUES FROM (%L) TO (%L)',
                     partition_name, day, day + 1);
    END IF;
  END LOOP;
  FOR partition_name IN
    SELECT child.relname FROM pg_inherits
    JOIN pg_class AS child ON child.oid = pg_inherits.inhrelid
    WHERE pg_inherits.inhparent = 'processed_events'::regclass
      AND child.relname ~ '^processed_events_p[0-9]{8}$'
      AND to_date(substring(child.relname FROM '[0-9]{8}$'), 'YYYYMMDD') < today - retention_days
    ORDER BY child.relname
  LOOP
    EXECUTE format('DROP TABLE %I', partition_name);
    RETURN NEXT partition_name;
  END LOOP;
END
$$;

SELECT orderflow_inbox_maintain(365);
