// The address a request came from, for the per-address login limit. Behind a load balancer every
// phone arrives from the balancer's address, so one person's typos would close sign-in for the whole
// commune; the operator names the proxies (TRUSTED_PROXIES) and their X-Forwarded-For is believed.
// From anyone else the header is ignored: a client must not choose its own address to dodge the limit.
import { isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped ? mapped[1]! : trimmed).toLowerCase();
}

/**
 * [A13] The client's address: the socket's, unless the socket is a trusted proxy; then the right-most
 * address of X-Forwarded-For that is not itself a trusted proxy (each proxy appends what it saw, so
 * entries further left could have been written by the client).
 */
export function clientAddress(
  socket: string,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string {
  const from = normalizeAddress(socket);
  if (!trusted.has(from) || !forwardedFor) return from;
  const hops = forwardedFor.split(',').map(normalizeAddress).reverse();
  for (const hop of hops) {
    if (isIP(hop) === 0) return from; // a garbled chain: trust nothing of it
    if (!trusted.has(hop)) return hop;
  }
  return from;
}

/** [S1] TRUSTED_PROXIES: addresses separated by commas or spaces; anything that is not an IP is refused. */
export function parseTrustedProxies(
  text: string | undefined,
): { ok: true; proxies: string[] } | { ok: false; message: string } {
  const items = (text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(normalizeAddress);
  const bad = items.filter((a) => isIP(a) === 0);
  if (bad.length > 0) return { ok: false, message: `TRUSTED_PROXIES: not an IP address: ${bad.join(', ')}` };
  return { ok: true, proxies: items };
}
