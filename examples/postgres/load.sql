-- Loads the example site's sales data (data/sales.csv) into a PostgreSQL
-- table named sales, so that examples/postgres/site.yaml can build the
-- same site from the database. Run it from the repository's root, since
-- \copy reads data/sales.csv relative to the folder psql runs in:
--
--   psql "$SALES_DSN" -v ON_ERROR_STOP=1 -f examples/postgres/load.sql
--
-- Running it again replaces the table, so it can follow a new
-- data/sales.csv. See docs/databases.md.

DROP TABLE IF EXISTS sales;

-- One column per column of data/sales.csv, in the same order, which
-- \copy ... HEADER needs (it skips the header line without reading it).
-- Money and units are NUMERIC, not double precision: PostgreSQL sums
-- NUMERIC exactly, so the totals match a build from the CSV file to the
-- cent. The dimensions are TEXT: plans compare them as written.
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

-- \copy (not COPY) reads the file on the machine psql runs on, so the
-- server needs no access to it and the user no superuser rights.
\copy sales FROM 'data/sales.csv' WITH (FORMAT csv, HEADER true)

-- Fresh statistics let the planner choose well for salesdeck's GROUP BY
-- queries from the first build on.
ANALYZE sales;
