/**
 * Typed calls to the alerts API (docs/api.md, "Alerts"): rules (`/api/alerts/rules`) and fired
 * events (`/api/alerts/events`), through http-client's `request`, so a rejected rule rejects
 * with an `ApiError` carrying the server's message (`body/params.y: unknown symbol ...`).
 * @module
 */

import type { AlertEventPage, AlertEventsQuery, AlertRuleCreateBody, AlertRuleDto, AlertRuleList, AlertRuleUpdateBody } from '../../../src/server/dto/alert-schemas';
import { request } from './http-client';

/** `/api/alerts/events?...` with the defined parameters, in a fixed order. */
export function alertEventsPath(q: AlertEventsQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s === '' ? '/api/alerts/events' : `/api/alerts/events?${s}`;
}

const rulePath = (id: string): string => `/api/alerts/rules/${encodeURIComponent(id)}`;

export const alertApi = {
  rules: (signal?: AbortSignal): Promise<AlertRuleList> => request('/api/alerts/rules', { signal }),
  createRule: (body: AlertRuleCreateBody): Promise<AlertRuleDto> => request('/api/alerts/rules', { method: 'POST', json: body }),
  updateRule: (id: string, body: AlertRuleUpdateBody): Promise<AlertRuleDto> => request(rulePath(id), { method: 'PUT', json: body }),
  deleteRule: (id: string): Promise<null> => request(rulePath(id), { method: 'DELETE' }),
  events: (q: AlertEventsQuery, signal?: AbortSignal): Promise<AlertEventPage> => request(alertEventsPath(q), { signal }),
};
