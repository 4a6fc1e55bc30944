import { describe, expect, it } from 'vitest';
import { runExportBench } from './export-bench.js';

describe('runExportBench', () => {
  it('exports every stored tick through the job worker and reports MB/s beside the bare read', async () => {
    const lines: string[] = [];
    const results = await runExportBench({ ticks: 20_000, log: (l) => lines.push(l) });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual(['export.ticks_csv_mb_per_s', 'export.ticks_csv_ms', 'export.sqlite_read_ms']);
    expect(byName.get('export.ticks_csv_mb_per_s')!.value).toBeGreaterThan(0);
    expect(byName.get('export.ticks_csv_ms')!.median_ms).toBeGreaterThan(0);
    expect(results.every((r) => r.n === 20_000 && r.runs === 3)).toBe(true);
    // ~69 bytes a tick of CSV: the whole range went out, not a page of it.
    expect(lines.join('\n')).toMatch(/tick CSV export: 1\.[34] MB of 20,000 ticks/);
  }, 60_000);
});
