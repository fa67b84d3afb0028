-- An order's lines move into its row, as a jsonb array in the order its OrderPlaced sent them
-- ([{"sku": ..., "quantity": ..., "price": ...}, ...]). Lines are only ever
-- written with their order, never changed, and only read with it (GET /orders/{id}), so a table
-- of their own cost a row and an index entry per line on the write path for nothing the reads
-- need: an order with three lines was four rows and two index trees, and is now one row. jsonb
-- holds numbers as numeric, so a price keeps its exact value and scale ("10.50" stays "10.50").
--
-- The OrderPlaced effect still casts every line as these columns did before it stores the
-- array, so an event whose lines PostgreSQL cannot store (a line without a price, a quantity
-- beyond integer, items that are not an array) fails its batch and is isolated as a poison
-- event, rather than being kept and failing every read of its order.
ALTER TABLE orders ADD COLUMN lines jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lines) = 'array');

UPDATE orders
SET lines = moved.lines
FROM (
  SELECT order_id,
         jsonb_agg(jsonb_build_object('sku', sku, 'quantity', quantity, 'price', unit_price) ORDER BY line_number)
           AS lines
  FROM order_items
  GROUP BY order_id
) AS moved
WHERE orders.order_id = moved.order_id;

DROP TABLE order_items;
