// Which address the login limit counts: the socket's, or the client named by a trusted proxy.
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '../../../src/server/http/client-address.ts';

const LB = new Set(['10.0.0.5', '10.0.0.6']);

describe('clientAddress', () => {
  it.each([
    ['a phone straight to the server: the socket', '203.0.113.7', undefined, '203.0.113.7'],
    ['a forged header from an untrusted socket is ignored', '203.0.113.7', '198.51.100.1', '203.0.113.7'],
    ['through the balancer: the address it saw', '10.0.0.5', '198.51.100.1', '198.51.100.1'],
    [
      'a client-written entry on the left is not believed',
      '10.0.0.5',
      '1.1.1.1, 198.51.100.1',
      '198.51.100.1',
    ],
    ['two trusted proxies in a row are skipped', '10.0.0.5', '198.51.100.1, 10.0.0.6', '198.51.100.1'],
    ['an IPv4 client on a dual-stack socket', '::ffff:10.0.0.5', '::ffff:198.51.100.1', '198.51.100.1'],
    ['IPv6 clients', '10.0.0.5', '2001:db8::1', '2001:db8::1'],
    ['the balancer without the header: its own address', '10.0.0.5', undefined, '10.0.0.5'],
    ['a garbled chain: nothing of it is believed', '10.0.0.5', 'not-an-ip', '10.0.0.5'],
    ['a chain of trusted proxies only', '10.0.0.5', '10.0.0.6', '10.0.0.5'],
  ])('%s', (_, socket, header, expected) => {
    expect(clientAddress(socket, header, LB)).toBe(expected);
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses separated by commas or spaces', () => {
    expect(parseTrustedProxies('10.0.0.5, 10.0.0.6  ::1')).toEqual({
      ok: true,
      proxies: ['10.0.0.5', '10.0.0.6', '::1'],
    });
    expect(parseTrustedProxies(undefined)).toEqual({ ok: true, proxies: [] });
  });

  it('refuses what is not an address, naming it', () => {
    const r = parseTrustedProxies('10.0.0.5, balancer.local');
    expect(r).toEqual({ ok: false, message: 'TRUSTED_PROXIES: not an IP address: balancer.local' });
  });
});
