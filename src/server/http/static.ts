// The built PWA from the same origin as the API. Hashed files under /assets/ never change, so they are
// cached for good; everything else (index.html, sw.js, the manifest, icons) is revalidated every
// time, or a phone could keep an old service worker. App routes (/ho/<id>) get index.html.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { fail } from './errors.ts';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

async function fileAt(path: string): Promise<Buffer | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? readFile(path) : null;
}

export function serveApp(staticDir: string) {
  const root = resolve(staticDir);
  return async (c: Context): Promise<Response> => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return fail(c, 'not_found', 'no such file');
    }
    const file = join(root, normalize(path).replace(/^[/\\]+/, ''));
    if (file !== root && !file.startsWith(root + sep)) return fail(c, 'not_found', 'no such file');
    const body = path.endsWith('/') ? null : await fileAt(file);
    const head = c.req.method === 'HEAD';
    if (body) {
      const cache = path.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
      return new Response(head ? null : new Uint8Array(body), {
        headers: {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': String(body.length),
          'Cache-Control': cache,
        },
      });
    }
    // A missing asset stays a 404 (a shell answered for /assets/x.js would be cached for a year).
    if (path.startsWith('/assets/') || (extname(path) !== '' && path !== '/'))
      return fail(c, 'not_found', 'no such file');
    const shell = await fileAt(join(root, 'index.html'));
    if (!shell) return fail(c, 'not_found', 'the app is not built (npm run build)');
    return new Response(head ? null : new Uint8Array(shell), {
      headers: {
        'Content-Type': CONTENT_TYPES['.html'] as string,
        'Content-Length': String(shell.length),
        'Cache-Control': 'no-cache',
      },
    });
  };
}
