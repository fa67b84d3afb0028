-- The inbox: one row per event ever applied, written in the same transaction as the event's
-- effects. Its primary key is what makes processing exactly-once: an event id already here was
-- applied, whatever Redis or the Kafka offsets say.
CREATE TABLE processed_events (
  event_id         text PRIMARY KEY,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  payload_sha256   bytea NOT NULL,
  source_topic     text NOT NULL,
  source_partition integer NOT NULL,
  source_offset    bigint NOT NULL,
  processed_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  order_id         text PRIMARY KEY,
  user_id          text NOT NULL,
  -- Unconstrained numeric keeps the amount exactly as sent, scale included.
  total_amount     numeric NOT NULL CHECK (total_amount > 0),
  currency         char(3) NOT NULL,
  status           text NOT NULL,
  placed_at        timestamptz NOT NULL,
  created_event_id text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_by_user ON orders (user_id, placed_at DESC);

-- RFC 3339 in UTC with only the fractional digits that carry information:
-- 2025-10-06T17:00:00Z, 2025-10-06T17:00:00.25Z.
CREATE FUNCTION orderflow_rfc3339(ts timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT regexp_replace(to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '\.?0+$', '') || 'Z'
$$;
