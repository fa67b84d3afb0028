-- The other three event types, and order lines. Rows of different aggregates never reference
-- each other with foreign keys: events arrive in any order (an order before its user, a payment
-- before its order) and none may be refused for that; reads join what exists.

CREATE TABLE users (
  user_id          text PRIMARY KEY,
  email            text NOT NULL,
  first_name       text NOT NULL,
  last_name        text NOT NULL,
  created_at       timestamptz NOT NULL,
  created_event_id text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- OrderPlaced v1 has no status; such orders are "placed".
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'placed';

CREATE TABLE order_items (
  order_id    text NOT NULL,
  line_number integer NOT NULL,
  sku         text NOT NULL,
  quantity    integer NOT NULL,
  unit_price  numeric NOT NULL,
  PRIMARY KEY (order_id, line_number)
);

CREATE TABLE payments (
  payment_id     text PRIMARY KEY,
  order_id       text,
  customer_id    text,
  merchant_id    text,
  amount         numeric NOT NULL,
  currency       char(3) NOT NULL,
  payment_method text,
  status         text NOT NULL,
  settled_at     timestamptz NOT NULL,
  last_event_id  text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_by_order ON payments (order_id, settled_at DESC);

-- How far along a payment is; a status never moves back to a lower rank at the same time.
CREATE FUNCTION orderflow_payment_status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE status WHEN 'pending' THEN 1 WHEN 'completed' THEN 2 WHEN 'failed' THEN 2 WHEN 'refunded' THEN 3 ELSE 0 END
$$;

CREATE TABLE inventory (
  sku        text PRIMARY KEY,
  -- May go below zero: a subtraction is a fact that happened, recorded even when stock ran out.
  quantity   bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
