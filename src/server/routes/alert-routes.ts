/**
 * The alerts API: rules (`GET/POST /api/alerts/rules`, `GET/PUT/DELETE /api/alerts/rules/:id`)
 * and fired events (`GET /api/alerts/events`, paged like every list). Rules are validated by
 * `alerts/validate-rule.ts`, whose messages name the field; a symbol must be known (trading, or
 * with stored ticks or bars). Live events: the WebSocket channel `alerts`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TandemError } from '../../core/tandem-error.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import type { AlertRuleInput } from '../../alerts/validate-rule.js';
import { AlertEventPage, AlertEventsQuery, AlertRuleCreateBody, AlertRuleDto, AlertRuleIdParams, AlertRuleList, AlertRuleUpdateBody } from '../dto/alert-schemas.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { toAlertEventDto, toAlertRuleDto } from '../alert-dto.js';
import { decodeCursor, encodeCursor } from '../paging-cursor.js';
import { withTimeBounds } from '../time-params.js';

/** Symbols a rule may name: the running source's, any that traded, any with stored data. */
async function knownSymbols(engine: LiveEngine): Promise<(symbol: string) => boolean> {
  const known = new Set((await engine.status()).symbols.map((s) => s.symbol));
  return (symbol) => known.has(symbol);
}

/** A `TandemError('invalid_rule')` from validation becomes a 400 naming the body field. */
function asBodyError(e: unknown): never {
  if (e instanceof TandemError && e.code === 'invalid_rule') throw new TandemError('invalid_request', `body/${e.message}`);
  throw e;
}

export const alertRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine }> = async (app, { engine }) => {
  const alerts = engine.alerts;
  // Read through the store: on a cluster the rule may have been created or changed by another server a moment ago.
  const view = async (id: string): Promise<AlertRuleDto> => {
    const v = await alerts.viewRule(id);
    if (v === null) throw new TandemError('not_found', `no alert rule with id '${id}'`);
    return toAlertRuleDto(v);
  };

  app.get('/api/alerts/rules', { schema: { operationId: 'listAlertRules', tags: ['alerts'], summary: 'Every alert rule, with its firing count, last webhook failure and state', response: { 200: AlertRuleList } } }, async () => ({
    items: (await alerts.listRules()).map(toAlertRuleDto),
  }));

  app.get('/api/alerts/rules/:id', { schema: { operationId: 'getAlertRule', tags: ['alerts'], summary: 'One alert rule', params: AlertRuleIdParams, response: { 200: AlertRuleDto, 404: problemResponse('not found') } } }, async (request) => view(request.params.id));

  app.post(
    '/api/alerts/rules',
    { schema: { operationId: 'createAlertRule', tags: ['alerts'], summary: 'Create an alert rule; it is evaluated from its first value on (disarmed if already beyond)', body: AlertRuleCreateBody, response: { 201: AlertRuleDto, 400: problemResponse('invalid request: `detail` names the field and says why') } } },
    async (request, reply) => {
      const rule = await alerts.createRule(request.body as AlertRuleInput, await knownSymbols(engine)).catch(asBodyError);
      return reply.status(201).send(await view(rule.id));
    },
  );

  app.put(
    '/api/alerts/rules/:id',
    {
      schema: {
        operationId: 'updateAlertRule',
        tags: ['alerts'],
        summary: 'Change an alert rule: given fields replace the rule\'s, params are merged when the type is unchanged; its state starts afresh',
        params: AlertRuleIdParams,
        body: AlertRuleUpdateBody,
        response: { 200: AlertRuleDto, 400: problemResponse('invalid request: `detail` names the field and says why'), 404: problemResponse('not found') },
      },
    },
    async (request) => {
      const rule = await alerts.updateRule(request.params.id, request.body as Partial<AlertRuleInput>, await knownSymbols(engine)).catch(asBodyError);
      return view(rule.id);
    },
  );

  app.delete(
    '/api/alerts/rules/:id',
    { schema: { operationId: 'deleteAlertRule', tags: ['alerts'], summary: 'Delete an alert rule (its events stay)', params: AlertRuleIdParams, response: { 204: { type: 'null' }, 404: problemResponse('not found') } } },
    async (request, reply) => {
      if (!(await alerts.deleteRule(request.params.id))) throw new TandemError('not_found', `no alert rule with id '${request.params.id}'`);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/alerts/events',
    {
      schema: {
        operationId: 'listAlertEvents',
        tags: ['alerts'],
        summary: 'Fired alert events, filtered and paged',
        description: '`from` inclusive and `to` exclusive on the event time; `order=desc` for the most recent first; page with `cursor=<next>`.',
        querystring: AlertEventsQuery,
        response: { 200: AlertEventPage, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const q = withTimeBounds(request.query, 'querystring');
      if (q.from !== undefined && q.to !== undefined && !(q.from < q.to)) throw new TandemError('invalid_request', `querystring: from (${q.from}) must be before to (${q.to})`);
      const limit = q.limit ?? 100;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['ts', 'id'] as const);
      const items = await engine.store.alerts.queryEvents({
        limit: limit + 1,
        order: q.order ?? 'asc',
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.rule === undefined ? {} : { ruleId: q.rule }),
        ...(q.severity === undefined ? {} : { severity: q.severity }),
        ...(after === undefined ? {} : { after }),
      });
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toAlertEventDto), next: items.length > limit && last !== undefined ? encodeCursor({ ts: last.ts, id: last.id }) : null };
    },
  );
};
