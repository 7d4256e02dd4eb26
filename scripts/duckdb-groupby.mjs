// duckdb-groupby.mjs runs one GROUP BY over a sales CSV in DuckDB and
// prints how long the query took, in milliseconds (instance start-up not
// included), for scripts/bench.sh, which copies it next to the
// @duckdb/node-api package it installs.
//
//   node duckdb-groupby.mjs FILE cells|month3 THREADS
//
// cells:  by day and the seven dimensions, summing revenue, revenue - cost,
//         units and rows (what salesdeck's cells hold)
// month3: by month, region, product and channel, summing revenue and rows
import { DuckDBInstance } from '@duckdb/node-api';

const [file, kind, threads] = process.argv.slice(2);
const queries = {
  cells: `SELECT count(*) FROM (SELECT date, region, country, product, category, channel, segment, rep,
            sum(revenue), sum(revenue - cost), sum(units), count(*) FROM read_csv('${file}') GROUP BY ALL)`,
  month3: `SELECT count(*) FROM (SELECT date_trunc('month', date), region, product, channel,
             sum(revenue), count(*) FROM read_csv('${file}') GROUP BY ALL)`,
};
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads || 2) });
const con = await inst.connect();
const t0 = performance.now();
const res = await con.runAndReadAll(queries[kind]);
const ms = performance.now() - t0;
console.log(`${ms.toFixed(1)} ms, ${res.getRows()[0][0]} groups`);
