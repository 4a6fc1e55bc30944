import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml("a & 'b'")).toBe('a &amp; &#39;b&#39;');
  });

  it('leaves symbols and numbers as they are', () => {
    expect(escapeHtml('ETHUSDT × BTCUSDT: ρ 0.912')).toBe('ETHUSDT × BTCUSDT: ρ 0.912');
  });
});
