import { describe, expect, it } from 'vitest';
import { formatAge } from './status-model';

describe('formatAge', () => {
  it('stays compact from a tenth of a second to months', () => {
    expect([200, 14_000, 180_000, 5 * 3_600_000, 323 * 86_400_000].map(formatAge)).toEqual(['0.2s', '14s', '3m', '5h', '323d']);
  });
});
