/**
 * Escapes text for the places where the dashboard hands HTML strings to a library (ECharts
 * tooltip formatters return HTML). React escapes everything else by itself. Symbols are
 * checked on input as letters and digits, so this is the second line, not the first.
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` replaced by their entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
