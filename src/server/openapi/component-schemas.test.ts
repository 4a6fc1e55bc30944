import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ComponentSchemas } from './component-schemas.js';

describe('ComponentSchemas', () => {
  const Side = Type.Union([Type.Literal('buy'), Type.Literal('sell')], { title: 'Side' });
  const Fill = Type.Object({ side: Side, qty: Type.Number() }, { title: 'Fill' });

  it('references titled schemas wherever they are, nested ones inside their components too', () => {
    const c = new ComponentSchemas();
    const answer = c.reference({ type: 'object', properties: { fills: Type.Array(Fill), last: Type.Optional(Fill) } });
    expect(answer).toEqual({ type: 'object', properties: { fills: { type: 'array', items: { $ref: '#/components/schemas/Fill' } }, last: { $ref: '#/components/schemas/Fill' } } });
    const doc: Record<string, unknown> = { components: { securitySchemes: {} } };
    c.addTo(doc);
    expect(doc).toEqual({
      components: {
        securitySchemes: {},
        schemas: {
          Fill: { type: 'object', title: 'Fill', required: ['side', 'qty'], properties: { side: { $ref: '#/components/schemas/Side' }, qty: { type: 'number' } } },
          Side: JSON.parse(JSON.stringify(Side)),
        },
      },
    });
  });

  it('takes a field called title for a field, not a name', () => {
    const c = new ComponentSchemas();
    const book = Type.Object({ title: Type.String() });
    expect(c.reference(book)).toEqual(JSON.parse(JSON.stringify(book)));
    expect(c.names()).toEqual([]);
  });

  it('refuses two different schemas with one title', () => {
    const c = new ComponentSchemas();
    c.reference(Fill);
    expect(() => c.reference(Type.Object({ qty: Type.Integer() }, { title: 'Fill' }))).toThrow("two different schemas have the title 'Fill'");
  });
});
