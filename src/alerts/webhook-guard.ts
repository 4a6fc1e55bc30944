/**
 * The webhook guard: a rule's webhook may not reach the server's own machine or its private
 * network (server-side request forgery: `http://127.0.0.1:6379/`, a cloud metadata address, a
 * database on the LAN) unless the operator lists the address in `TANDEM_WEBHOOK_ALLOW`.
 *
 * Refused: loopback, unspecified, link-local, private (RFC 1918, IPv6 unique-local), carrier
 * NAT (100.64/10), multicast, broadcast and reserved ranges, and IPv4-mapped IPv6 forms of
 * them. The check runs on the addresses a name resolves to, in the connection's own lookup,
 * so the address checked is the one connected to (no DNS rebinding between check and use);
 * redirects are not followed.
 *
 * `TANDEM_WEBHOOK_ALLOW`: comma-separated addresses or CIDR blocks (`127.0.0.1`,
 * `10.0.0.0/8`, `::1`, `fd00::/8`).
 * @module
 */

import { isIP } from 'node:net';

/** One allowed block. */
interface Block {
  readonly v6: boolean;
  readonly bits: bigint;
  readonly prefix: number;
}

/** Addresses the operator allows despite being private. */
export class WebhookAllowList {
  private constructor(private readonly blocks: readonly Block[]) {}

  static readonly NONE = new WebhookAllowList([]);

  /** Parses `TANDEM_WEBHOOK_ALLOW`; throws naming the bad entry. */
  static parse(raw: string | undefined): WebhookAllowList {
    if (raw === undefined || raw.trim() === '') return WebhookAllowList.NONE;
    const blocks = raw.split(',').map((entry) => {
      const e = entry.trim();
      const [addr, len] = e.split('/');
      const kind = isIP(addr ?? '');
      if (kind === 0) throw new Error(`TANDEM_WEBHOOK_ALLOW: '${e}' is not an IP address or CIDR block`);
      const max = kind === 6 ? 128 : 32;
      const prefix = len === undefined ? max : Number(len);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`TANDEM_WEBHOOK_ALLOW: '${e}' has a prefix length outside 0..${max}`);
      return { v6: kind === 6, bits: toBits(addr!), prefix };
    });
    return new WebhookAllowList(blocks);
  }

  allows(ip: string): boolean {
    const v6 = isIP(ip) === 6;
    const bits = toBits(ip);
    return this.blocks.some((b) => b.v6 === v6 && (b.prefix === 0 || bits >> BigInt((v6 ? 128 : 32) - b.prefix) === b.bits >> BigInt((v6 ? 128 : 32) - b.prefix)));
  }
}

function toBits(ip: string): bigint {
  if (isIP(ip) === 4) return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  // IPv6: expand `::`, and a trailing dotted IPv4 part.
  let s = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted !== null) {
    const v4 = toBits(dotted[1]!);
    s = s.slice(0, -dotted[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head === '' || head === undefined ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** A refused block: its text for messages, and its prefix bits, worked out once. */
interface RefusedBlock {
  readonly text: string;
  readonly prefix: number;
  readonly bits: bigint;
}

const block = (base: string, prefix: number, width: number): RefusedBlock => ({ text: `${base}/${prefix}`, prefix, bits: toBits(base) >> BigInt(width - prefix) });

const V4_REFUSED: readonly RefusedBlock[] = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const
).map(([base, prefix]) => block(base, prefix, 32));

const V6_REFUSED: readonly RefusedBlock[] = (
  [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['64:ff9b::', 96],
  ] as const
).map(([base, prefix]) => block(base, prefix, 128));

const hitOf = (bits: bigint, width: number, blocks: readonly RefusedBlock[]): RefusedBlock | undefined => blocks.find((b) => bits >> BigInt(width - b.prefix) === b.bits);

/** Why `ip` may not be a webhook's target, or null when it is a public address. */
export function privateAddressReason(ip: string): string | null {
  const kind = isIP(ip);
  if (kind === 0) return `'${ip}' is not an IP address`;
  const bits = toBits(ip);
  if (kind === 4) {
    const hit = hitOf(bits, 32, V4_REFUSED);
    return hit === undefined ? null : `${ip} is in ${hit.text}, a loopback, private, link-local or reserved range`;
  }
  // IPv4-mapped (::ffff:a.b.c.d): judged as the IPv4 address.
  if (bits >> 32n === 0xffffn) {
    const v4 = bits & 0xffffffffn;
    return privateAddressReason([24n, 16n, 8n, 0n].map((s) => String((v4 >> s) & 0xffn)).join('.'));
  }
  const hit = hitOf(bits, 128, V6_REFUSED);
  return hit === undefined ? null : `${ip} is in ${hit.text}, a loopback, private, link-local or reserved range`;
}

/** Throws when `ip` is private and not allowed, with a message that says how to allow it. */
export function checkWebhookAddress(ip: string, allow: WebhookAllowList): void {
  const why = privateAddressReason(ip);
  if (why !== null && !allow.allows(ip)) throw new Error(`webhook refused: ${why}; list it in TANDEM_WEBHOOK_ALLOW to allow it`);
}
