-- The example site's sales as a PostgreSQL table, sales, filled from
-- data/sales.csv; run it once, from the repository's root folder:
--
--   psql "$SALES_DSN" -v ON_ERROR_STOP=1 -f examples/postgres/sales.sql
--
-- It stops if the database has a table of that name already. Money is
-- kept as exact decimals (NUMERIC), as it should be.
CREATE TABLE sales (
  date     DATE NOT NULL,
  region   TEXT,
  country  TEXT,
  product  TEXT,
  category TEXT,
  channel  TEXT,
  segment  TEXT,
  rep      TEXT,
  revenue  NUMERIC,
  units    NUMERIC,
  cost     NUMERIC
);
\copy sales FROM 'data/sales.csv' WITH (FORMAT csv, HEADER true)
