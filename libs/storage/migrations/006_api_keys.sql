-- Clients of the write API and their keys. Only a key's SHA-256 is kept: the key itself is shown
-- once, when it is created. A key is revoked, never deleted, so `orderflow-keys list` shows what
-- was issued; a name may be issued again once its key is revoked.
CREATE TABLE IF NOT EXISTS api_keys (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL,
  key_prefix      text NOT NULL,                -- the first characters, to recognise a key in a list
  key_hash        text NOT NULL UNIQUE,         -- hex SHA-256 of the whole key
  event_types     text NOT NULL,                -- comma-separated event types it may publish, or '*'
  rate_per_second double precision,             -- NULL: the gateway's default rate limit
  burst           double precision,
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
