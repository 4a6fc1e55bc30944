/**
 * Branded units: a number that carries its unit in the type system, so an epoch time in
 * milliseconds cannot be passed where a price is expected. Free at run time.
 * @module
 */

declare const brand: unique symbol;

/** `T` tagged with the nominal unit `B`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Milliseconds since the Unix epoch, UTC. Every timestamp inside Tandem is one of these. */
export type EpochMs = Brand<number, 'EpochMs'>;
/** A length of time in milliseconds. */
export type DurationMs = Brand<number, 'DurationMs'>;
/** A price in the quote currency (USDT for Binance USD-M). */
export type Price = Brand<number, 'Price'>;
/** A traded quantity in the base asset. */
export type Qty = Brand<number, 'Qty'>;

export const epochMs = (n: number): EpochMs => n as EpochMs;
export const durationMs = (n: number): DurationMs => n as DurationMs;
export const price = (n: number): Price => n as Price;
export const qty = (n: number): Qty => n as Qty;
