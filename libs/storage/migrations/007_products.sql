-- Products: reference data (ProductUpserted), the latest upsertedAt of each SKU. Orders name SKUs in
-- their items; a product may arrive before or after the orders that name it.
CREATE TABLE IF NOT EXISTS products (
  sku         text PRIMARY KEY,
  name        text NOT NULL,
  category    text NOT NULL,
  price       numeric NOT NULL CHECK (price > 0),  -- unconstrained: the amount exactly as sent
  currency    char(3) NOT NULL,
  active      boolean NOT NULL,
  upserted_at timestamptz NOT NULL,
  event_id    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
