import { describe, expect, it } from 'vitest';
import { importContentType, ImportError, uploadError } from './upload-client';

describe('importContentType', () => {
  it('picks a type the import routes accept, by file name', () => {
    expect(['a.ZIP', 'a.ndjson', 'a.jsonl', 'BTCUSDT-aggTrades.csv', 'ticks.txt'].map(importContentType)).toEqual([
      'application/zip',
      'application/x-ndjson',
      'application/x-ndjson',
      'text/csv',
      'application/octet-stream',
    ]);
  });
});

describe('uploadError', () => {
  it("keeps the server's bad rows", () => {
    const e = uploadError(400, JSON.stringify({ error: { code: 'invalid_file', message: '3 bad rows', rows: [{ row: 2, reason: 'x' }], moreRows: 2 } }));
    expect(e).toBeInstanceOf(ImportError);
    expect([e.status, e.code, e.message, e.rows, e.moreRows]).toEqual([400, 'invalid_file', '3 bad rows', [{ row: 2, reason: 'x' }], 2]);
  });

  it('explains a 413 without a body and any other failure by its status', () => {
    expect(uploadError(413, '').code).toBe('payload_too_large');
    expect(uploadError(502, '<html>bad gateway</html>').message).toBe('HTTP 502: <html>bad gateway</html>');
  });
});
