import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_ID_LENGTH, requestIdFrom } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it("keeps the caller's id when it is short and printable", () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom('x'.repeat(MAX_REQUEST_ID_LENGTH))).toBe('x'.repeat(MAX_REQUEST_ID_LENGTH));
  });

  it('generates a UUID when there is none', () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom('')).toMatch(UUID);
  });

  it('replaces an id that is too long, has spaces or control characters, or was sent twice', () => {
    expect(requestIdFrom('x'.repeat(MAX_REQUEST_ID_LENGTH + 1))).toMatch(UUID);
    expect(requestIdFrom('a b')).toMatch(UUID);
    expect(requestIdFrom('a\u001b[31m')).toMatch(UUID);
    expect(requestIdFrom('é')).toMatch(UUID);
    expect(requestIdFrom(['a', 'b'])).toMatch(UUID);
  });

  it('generates a different id each time', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
