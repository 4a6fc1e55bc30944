/**
 * Answers a request the guards turn away with a problem (`problem.ts`). A refused WebSocket upgrade gets
 * the same HTTP answer, and then its socket is closed: the upgrade socket is not one the HTTP
 * server tracks, so left open it would outlive the answer (and hold `app.close()` up).
 * @module
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem.js';

export function refuse(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (request.headers.upgrade !== undefined) {
    reply.header('connection', 'close');
    const socket = request.raw.socket;
    reply.raw.once('finish', () => socket.destroySoon());
  }
  return sendProblem(reply, status, code, message);
}
