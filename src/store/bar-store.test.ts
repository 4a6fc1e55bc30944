import { describe, expect, it } from 'vitest';
import { FILL_ONLY_SOURCES, FILL_ONLY_SOURCES_SQL } from './bar-store.js';

describe('FILL_ONLY_SOURCES_SQL', () => {
  it('lists exactly the fill-only sources, quoted, in order', () => {
    expect(FILL_ONLY_SOURCES_SQL).toBe(FILL_ONLY_SOURCES.map((s) => `'${s}'`).join(', '));
  });
});
