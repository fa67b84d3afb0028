-- Every message on the dead letter topic, recorded by the processor so that GET /events/{id} can
-- say what became of an event. Keyed by the dead letter's own position: recording is idempotent.
CREATE TABLE dead_letters (
  dlq_partition      integer NOT NULL,
  dlq_offset         bigint NOT NULL,
  event_id           text,
  reason             text NOT NULL,
  error              text NOT NULL,
  stage              text NOT NULL,
  original_topic     text NOT NULL,
  original_partition integer NOT NULL,
  original_offset    bigint NOT NULL,
  payload            bytea NOT NULL,
  dead_lettered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dlq_partition, dlq_offset)
);
CREATE INDEX dead_letters_by_event ON dead_letters (event_id);
CREATE INDEX dead_letters_by_reason ON dead_letters (reason);
