import { describe, expect, it } from 'vitest';
import { CoalescingOutbox, type OutboxSocket } from './coalescing-outbox.js';
import { StreamClients } from './stream-clients.js';

/** A socket that never sends: its outbox only fills. */
const stuck = (): OutboxSocket => ({ bufferedAmount: 2 << 20, readyState: 1, send: () => undefined });
const status = { type: 'status' } as unknown as Parameters<CoalescingOutbox['put']>[1];

describe('StreamClients', () => {
  it('counts dropped states over every client since start, gone ones included', () => {
    const clients = new StreamClients();
    const a = new CoalescingOutbox(stuck(), { maxKeys: 2 });
    const b = new CoalescingOutbox(stuck(), { maxKeys: 2 });
    const forgetA = clients.add(a, stuck());
    clients.add(b, stuck());
    for (let i = 0; i < 5; i++) a.put(`k${i}`, status);
    for (let i = 0; i < 3; i++) b.put(`k${i}`, status);
    expect(clients.droppedTotal()).toBe(4);
    forgetA();
    forgetA();
    // The live figures forget the client; the total does not.
    expect(clients.figures().dropped).toBe(1);
    expect(clients.droppedTotal()).toBe(4);
    a.close();
    b.close();
  });
});
