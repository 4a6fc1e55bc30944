import { describe, expect, it } from 'vitest';
import { collapseLiteralUnions } from './literal-unions.js';

describe('collapseLiteralUnions', () => {
  it('turns a union of one-value schemas of one type into one enum, keeping annotations', () => {
    const doc = { schema: { description: 'how', anyOf: [{ type: 'string', const: 'ols' }, { type: 'string', enum: ['kalman'] }] } };
    collapseLiteralUnions(doc);
    expect(doc).toEqual({ schema: { description: 'how', type: 'string', enum: ['ols', 'kalman'] } });
  });

  it('leaves unions of mixed types or of other schemas alone', () => {
    const mixed = { anyOf: [{ type: 'string', const: 'a' }, { type: 'integer', const: 1 }] };
    const nullable = { anyOf: [{ type: 'string' }, { type: 'null' }] };
    const doc = { a: structuredClone(mixed), b: structuredClone(nullable) };
    collapseLiteralUnions(doc);
    expect(doc).toEqual({ a: mixed, b: nullable });
  });
});
