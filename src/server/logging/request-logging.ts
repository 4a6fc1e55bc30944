/**
 * Request ids and request log lines. Every response carries its request's id in
 * `x-request-id`. Each request is logged once, when its response is done, at `info` (method,
 * URL with the token masked, status, time), rather than Fastify's two lines; its arrival is
 * logged at `debug`, so a request that never completes can still be found.
 * @module
 */

import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Fastify's internal request log lines, one per request and always through our req serializer. */
export class TandemLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }

  // Fastify's own line has the raw URL, token and all.
  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ req: request }, 'route not found');
  }
}

/** Adds the `x-request-id` response header to every reply, errors and refusals included. */
export function addRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    return payload;
  });
}
