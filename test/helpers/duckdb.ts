/**
 * DuckDB as an independent reader of the Parquet exports: the bytes go to a temporary file and
 * DuckDB answers a query over it (`{file}` in the SQL stands for the file's quoted path).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckResult {
  readonly columns: readonly string[];
  /** DuckDB's names of the column types, e.g. `TIMESTAMP WITH TIME ZONE`. */
  readonly types: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export async function duckQuery(bytes: Uint8Array, sql: string): Promise<DuckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-duck-'));
  const file = join(dir, 'export.parquet');
  writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll(sql.replaceAll('{file}', `'${file}'`));
    return { columns: r.columnNames(), types: r.columnTypes().map(String), rows: r.getRowsJS() };
  } finally {
    conn.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
