import { describe, expect, it } from 'vitest';
import { sourceOptions } from './source-model';

describe('sourceOptions', () => {
  it("offers the server's sources in the picker's order, labelled", () => {
    expect(sourceOptions(['replay', 'simulator', 'binance'])).toEqual([
      { value: 'simulator', label: 'Simulator' },
      { value: 'binance', label: 'Binance Futures' },
      { value: 'replay', label: 'Replay' },
    ]);
  });

  it('ignores sources it cannot start and falls back to the Simulator before the first status', () => {
    expect(sourceOptions(['simulator', 'kraken']).map((o) => o.value)).toEqual(['simulator']);
    expect(sourceOptions(null).map((o) => o.value)).toEqual(['simulator']);
    expect(sourceOptions([]).map((o) => o.value)).toEqual(['simulator']);
  });

  it('keeps the current choice', () => {
    expect(sourceOptions(['simulator'], 'replay').map((o) => o.value)).toEqual(['simulator', 'replay']);
  });
});
