import { describe, expect, it } from 'vitest';
import { checkWebhookAddress, privateAddressReason, WebhookAllowList } from './webhook-guard.js';

describe('webhook guard', () => {
  it.each(['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'ff02::1'])(
    'refuses %s',
    (ip) => {
      expect(privateAddressReason(ip)).not.toBeNull();
      expect(() => checkWebhookAddress(ip, WebhookAllowList.NONE)).toThrow(/TANDEM_WEBHOOK_ALLOW/);
    },
  );

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (ip) => {
    expect(privateAddressReason(ip)).toBeNull();
  });

  it('allows what the operator lists, by address or block, and nothing next to it', () => {
    const allow = WebhookAllowList.parse('127.0.0.1, 10.0.0.0/8, fd00::/8');
    expect(allow.allows('127.0.0.1')).toBe(true);
    expect(allow.allows('127.0.0.2')).toBe(false);
    expect(allow.allows('10.200.3.4')).toBe(true);
    expect(allow.allows('11.0.0.1')).toBe(false);
    expect(allow.allows('fd12::1')).toBe(true);
    expect(allow.allows('fe80::1')).toBe(false);
    expect(() => checkWebhookAddress('10.1.1.1', allow)).not.toThrow();
  });

  it('names a bad allow-list entry', () => {
    expect(() => WebhookAllowList.parse('127.0.0.1,localhost')).toThrow(/'localhost' is not an IP address/);
    expect(() => WebhookAllowList.parse('10.0.0.0/33')).toThrow(/prefix length outside 0..32/);
  });
});
