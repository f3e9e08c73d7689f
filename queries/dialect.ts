/**
 * The saved queries are written in the SQL that Athena (Trino) runs. DuckDB runs the same text once these
 * Trino functions, which it lacks or names differently, are defined as macros. Keep this list to what the
 * queries use; a test runs every query on DuckDB and parses it with a Trino grammar.
 */
export const DUCKDB_TRINO_MACROS: readonly string[] = [
  // Trino: json_parse(varchar) → json. DuckDB casts text to JSON.
  'CREATE OR REPLACE MACRO json_parse(text) AS CAST(text AS JSON)',
  // Trino: element_at(map, key) → value. DuckDB's element_at on a map returns a list.
  'CREATE OR REPLACE MACRO element_at(container, key) AS container[key]',
  // Trino: approx_percentile(x, p). DuckDB: approx_quantile(x, p).
  'CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
];
