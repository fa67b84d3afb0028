-- The W3C trace id an event travelled with, so a stored row or dead letter leads back to the logs
-- of every service that handled it.
ALTER TABLE processed_events ADD COLUMN trace_id text;
ALTER TABLE dead_letters ADD COLUMN trace_id text;
