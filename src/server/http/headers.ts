// Security headers on every answer, and no caching of API answers (they carry personal data): [E8].
import type { MiddlewareHandler } from 'hono';

/**
 * The built app has no inline script or style and a data: favicon only: everything else comes from
 * this origin (and workers from blob: URLs this origin made). frame-ancestors 'none' (with X-Frame-Options for old browsers) forbids framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // blob: for write-excel-file, which zips a large sheet in a worker made from a blob URL; without
  // it a big commune's XLSX export would never finish.
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) h.set('Cache-Control', 'no-store');
  };
}
