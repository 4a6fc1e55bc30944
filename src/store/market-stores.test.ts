import { describe, expect, it } from 'vitest';
import { redactUrl, resolveStoreConfig } from './market-stores.js';

describe('resolveStoreConfig', () => {
  it('defaults to SQLite at TANDEM_DB or data/tandem.db, flags before the environment', () => {
    expect(resolveStoreConfig({}, {})).toEqual({ kind: 'sqlite', path: 'data/tandem.db' });
    expect(resolveStoreConfig({}, { TANDEM_DB: '/tmp/x.db' })).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(resolveStoreConfig({ db: 'a.db' }, { TANDEM_DB: '/tmp/x.db' })).toEqual({ kind: 'sqlite', path: 'a.db' });
    expect(resolveStoreConfig({ store: 'sqlite' }, { TANDEM_STORE: 'postgres' })).toEqual({ kind: 'sqlite', path: 'data/tandem.db' });
  });

  it('chooses PostgreSQL by flag or TANDEM_STORE, with the URL from --pg-url or TANDEM_PG_URL and the schema from TANDEM_PG_SCHEMA', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    expect(resolveStoreConfig({ store: 'postgres', pgUrl: url }, {})).toEqual({ kind: 'postgres', url });
    expect(resolveStoreConfig({}, { TANDEM_STORE: 'Postgres', TANDEM_PG_URL: url, TANDEM_PG_SCHEMA: 'desk_a' })).toEqual({ kind: 'postgres', url, schema: 'desk_a' });
    expect(resolveStoreConfig({ store: 'postgres', pgUrl: 'postgresql://u@h/db' }, { TANDEM_PG_URL: url })).toEqual({ kind: 'postgres', url: 'postgresql://u@h/db' });
  });

  it('names TANDEM_PG_URL when PostgreSQL is chosen without a URL, and rejects unknown kinds, bad URLs and bad schemas', () => {
    expect(() => resolveStoreConfig({ store: 'postgres' }, {})).toThrow(/TANDEM_PG_URL/);
    expect(() => resolveStoreConfig({}, { TANDEM_STORE: 'postgres', TANDEM_PG_URL: '  ' })).toThrow(/TANDEM_PG_URL/);
    expect(() => resolveStoreConfig({ store: 'mysql' }, {})).toThrow(/--store 'mysql' is not one of sqlite, postgres/);
    expect(() => resolveStoreConfig({ store: 'postgres', pgUrl: 'mysql://u:secret@h/db' }, {})).toThrow(/is not a postgres:\/\/ URL/);
    expect(() => resolveStoreConfig({ store: 'postgres', pgUrl: 'mysql://u:secret@h/db' }, {})).not.toThrow(/secret/);
    expect(() => resolveStoreConfig({ store: 'postgres', pgUrl: 'postgres://h/db' }, { TANDEM_PG_SCHEMA: 'Robert"; DROP' })).toThrow(/TANDEM_PG_SCHEMA/);
  });

  it('hides a password in a URL', () => {
    expect(redactUrl('postgres://user:s3cret@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redactUrl('postgres://user@host/db')).toBe('postgres://user@host/db');
  });
});
