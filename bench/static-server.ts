// The built PWA from a bare file server, for the notebook bench: it serves its seeding page and chunks
// under /__bench/ beside the app (`extra`), which the real server (src/server) has no reason to know.
// Content types and caching are the real server's (src/server/http/static.ts); every app route gets
// the shell; there is no API here.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { CONTENT_TYPES, IMMUTABLE } from '../src/server/http/static.ts';

export function serveStatic(options: { root: string; extra?: Record<string, string> }): Promise<Server> {
  const base = resolve(options.root);
  const extra = options.extra ?? {};
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/api' || path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'no API on the static server' } }));
      return;
    }
    let file = extra[path] ?? join(base, normalize(path).replace(/^([/\\])+/, ''));
    if (!extra[path] && !file.startsWith(base)) return void res.writeHead(404).end();
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // App routes (/ho/…) get the shell; a missing asset stays a 404.
      if (extname(path)) return void res.writeHead(404).end('not found');
      file = join(base, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) return void res.writeHead(404).end();
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': path.startsWith('/assets/') ? IMMUTABLE : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}
