// duckdb-groupby.mjs runs one GROUP BY over a sales CSV in DuckDB and
// prints how long the query took, in milliseconds (instance start-up not
// included), and how many groups it made, for scripts/bench.sh, which
// copies it next to the @duckdb/node-api package it installs.
//
//   node duckdb-groupby.mjs FILE QUERY THREADS
//
// QUERY is one of
//   cells                 by day and the seven dimensions of the tidy data,
//                         summing revenue, revenue - cost, units and rows
//                         (what salesdeck's cells hold)
//   month3                by month, region, product and channel, summing
//                         revenue and rows
//   [day:|month:]COLUMNS  by the day or month, if named, and the
//                         comma-separated COLUMNS, summing revenue,
//                         revenue - cost, units and rows: for instance
//                         month:region,category,channel, which every shape
//                         of generated data has
import { DuckDBInstance } from '@duckdb/node-api';

const [file, kind, threads] = process.argv.slice(2);
const sums = 'sum(revenue), sum(revenue - cost), sum(units), count(*)';
const named = {
  cells: `SELECT count(*) FROM (SELECT date, region, country, product, category, channel, segment, rep,
            ${sums} FROM read_csv('${file}') GROUP BY ALL)`,
  month3: `SELECT count(*) FROM (SELECT date_trunc('month', date), region, product, channel,
             sum(revenue), count(*) FROM read_csv('${file}') GROUP BY ALL)`,
};

function query(spec) {
  if (named[spec]) return named[spec];
  const m = /^(?:(day|month):)?([A-Za-z_]\w*(?:,[A-Za-z_]\w*)*)$/.exec(spec || '');
  if (!m) {
    console.error(`duckdb-groupby: no query ${JSON.stringify(spec)}: cells, month3 or [day:|month:]col,col,...`);
    process.exit(2);
  }
  const keys = m[2].split(',');
  if (m[1] === 'day') keys.unshift('date');
  if (m[1] === 'month') keys.unshift(`date_trunc('month', date)`);
  return `SELECT count(*) FROM (SELECT ${keys.join(', ')}, ${sums} FROM read_csv('${file}') GROUP BY ALL)`;
}

const sql = query(kind);
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads || 2) });
const con = await inst.connect();
const t0 = performance.now();
const res = await con.runAndReadAll(sql);
const ms = performance.now() - t0;
console.log(`${ms.toFixed(1)} ms, ${res.getRows()[0][0]} groups`);
