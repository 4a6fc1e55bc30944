import { describe, expect, it } from 'vitest';
import { runDiskBench } from './disk-bench.js';

describe('runDiskBench', () => {
  it('splits the vacuumed file into table and index, and the alternatives save where they should', async () => {
    const results = await runDiskBench({ ticks: 20_000 });
    const v = (name: string): number => results.find((r) => r.name === name)!.value!;
    // The file holds the table, the index and a few pages of schema and bars/alerts tables.
    const rest = v('disk.sqlite.bytes_per_tick') - v('disk.sqlite.table_bytes_per_tick') - v('disk.sqlite.index_bytes_per_tick');
    expect(rest).toBeGreaterThan(0);
    expect(rest * 20_000).toBeLessThan(64 * 4096);
    expect(v('disk.sqlite.as_written_bytes_per_tick')).toBeGreaterThanOrEqual(v('disk.sqlite.bytes_per_tick'));
    expect(v('disk.sqlite.alt_source_int.table_bytes_per_tick')).toBeLessThan(v('disk.sqlite.table_bytes_per_tick'));
    expect(v('disk.sqlite.alt_no_id_index.index_bytes_per_tick')).toBe(0);
    expect(results.every((r) => r.unit === 'bytes' && r.n === 20_000)).toBe(true);
  });
});
