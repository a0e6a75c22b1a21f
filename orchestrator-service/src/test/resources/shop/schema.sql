-- A PostgreSQL application schema with the objects an application relies on beyond its rows:
-- an enum, domains with CHECKs, a composite and a range type, built-in types Tributary keeps by
-- their text form, a tsvector maintained by a trigger with its GiST index, a view, a materialized
-- view, an aggregate, a function that names its schema, a generated column, and expression and
-- partial indexes.
CREATE SCHEMA shop;
CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN shop.positive_int AS integer CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN shop.email AS text CONSTRAINT has_at CHECK (VALUE ~ '@');
CREATE TYPE shop.address AS (street text, zip character varying(10), lines text[]);
CREATE TYPE shop.price_range AS RANGE (SUBTYPE = numeric);
CREATE TABLE shop.products (
  id integer PRIMARY KEY,
  name text NOT NULL,
  description text,
  quantity shop.positive_int NOT NULL,
  weight_kg numeric(6,2),
  weight_lb numeric GENERATED ALWAYS AS (round(weight_kg * 2.2046, 2)) STORED,
  contact shop.email,
  mood shop.mood,
  ship_to shop.address,
  prices shop.price_range,
  search tsvector,
  lead_time interval,
  cost money,
  host inet,
  hosts inet[],
  net cidr,
  mac macaddr,
  flags bit(8),
  bits bit varying(16),
  location point,
  area box,
  doc xml,
  valid_during tstzrange,
  ids int4multirange,
  updated_at timestamptz
);
CREATE INDEX products_search ON shop.products USING gist (search);
CREATE INDEX products_lower_name ON shop.products (lower(name));
CREATE INDEX products_stocked ON shop.products (id) WHERE quantity > 5;
CREATE FUNCTION shop.products_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := to_tsvector('english', coalesce(NEW.name, '') || ' ' || coalesce(NEW.description, ''));
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER products_touch BEFORE INSERT OR UPDATE ON shop.products
  FOR EACH ROW EXECUTE FUNCTION shop.products_touch();
CREATE VIEW shop.in_stock AS SELECT id, name, quantity FROM shop.products WHERE quantity > 5;
CREATE MATERIALIZED VIEW shop.stock_by_mood AS
  SELECT mood, sum(quantity)::bigint AS total FROM shop.products GROUP BY mood;
CREATE UNIQUE INDEX stock_by_mood_mood ON shop.stock_by_mood (mood);
CREATE FUNCTION shop.find(q text) RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT id FROM shop.products WHERE search @@ plainto_tsquery('english', q) ORDER BY id
$$;
CREATE AGGREGATE shop.total_quantity(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
INSERT INTO shop.products (id, name, description, quantity, contact, mood, ship_to, prices,
    lead_time, cost, host, hosts, net, mac, flags, bits, location, area, doc, valid_during, ids)
  VALUES
  (1, 'Red kettle', 'boils water quickly', 12, 'sales@kettles.example', 'happy',
   ROW('1 Main St', '12345', ARRAY['floor 2', 'door "B"'])::shop.address, '[10.5,20)',
   '2 days 03:04:05.678', 12.34, '192.168.0.1/24', '{10.0.0.1,::1}', '10.1.0.0/16',
   '08:00:2b:01:02:03', B'10100101', B'0010', '(1.5,-2)', '((0,0),(1,1))',
   '<stock level="high">yes</stock>', '[2026-01-01 00:00:00+00,2026-02-01 00:00:00+00)',
   '{[1,3),[7,9)}'),
  (2, 'Blue teapot', 'porcelain, holds a litre', 3, NULL, 'ok', NULL, 'empty', '-1 mon', -0.5,
   '::1', '{}', '::/0', '00:00:00:00:00:00', B'00000000', B'', '(0,0)', '((-1,-1),(2,3))', NULL,
   '(,)', '{}'),
  (3, 'Green mug', NULL, 40, 'mugs@example.org', NULL, ROW(NULL, NULL, NULL)::shop.address, NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
REFRESH MATERIALIZED VIEW shop.stock_by_mood;
-- a table partitioned declaratively, and one by inheritance with an INSERT rule routing rows
CREATE TABLE shop.orders (id bigint, placed date NOT NULL, amount numeric(10,2),
  PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);
CREATE TABLE shop.orders_2025 PARTITION OF shop.orders
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE shop.orders_2026 PARTITION OF shop.orders
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO shop.orders VALUES (1, '2025-05-01', 10), (2, '2026-02-01', 20);
-- an index of one partition only (the partitioned table has none on amount)
CREATE INDEX idx_orders_2025_amount ON shop.orders_2025 (amount);
CREATE TABLE shop.payments (id integer PRIMARY KEY, paid date NOT NULL, amount numeric(10,2));
CREATE TABLE shop.payments_2025 (note text,
  CHECK (paid >= '2025-01-01' AND paid < '2026-01-01'))
  INHERITS (shop.payments);
ALTER TABLE shop.payments_2025 ADD PRIMARY KEY (id);
-- added to the parent after the child: the child inherits it (not its own)
ALTER TABLE shop.payments ADD CONSTRAINT payments_amount_check CHECK (amount >= 0);
-- a plain index named as its application names it (not as Tributary would)
CREATE INDEX idx_payments_paid ON shop.payments (paid);
CREATE RULE payments_2025_insert AS ON INSERT TO shop.payments
  WHERE (paid >= '2025-01-01' AND paid < '2026-01-01')
  DO INSTEAD INSERT INTO shop.payments_2025 VALUES (NEW.*);
INSERT INTO shop.payments VALUES (1, '2024-12-31', 5), (2, '2025-03-03', 7);
