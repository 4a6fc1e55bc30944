/**
 * The operationId of a route that declares none: its method and path in camelCase
 * (`GET /api/export/ticks.parquet` → `getExportTicksParquet`, `:id` → `ById`). Routes name
 * their own ids (`listBars`); this keeps a route added without one inside the contract of
 * one id per operation, stable as long as its path is.
 * @module
 */

const capital = (w: string): string => (w === '' ? '' : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());

export function derivedOperationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api(?=\/|$)/, '')
    .split(/[/.\-_]+/)
    .filter((w) => w !== '')
    .map((w) => (w.startsWith(':') || w.startsWith('{') ? `By${capital(w.replace(/[:{}]/g, ''))}` : capital(w)));
  return `${method.toLowerCase()}${words.join('')}`;
}
