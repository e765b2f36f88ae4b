// A small static server for the built PWA, until the Node API server (src/server) takes over: hashed
// assets cached for good, the shell never, and every app route answered with the shell.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
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
};

/**
 * Serve `root` on `host:port`. `root` may be a function, read at each request (tests switch builds
 * under a running server). `extra` maps URL paths to files outside root (benchmarks use it).
 * Resolves with the listening server.
 */
export function serveStatic({ root, port = 8080, host = '127.0.0.1', extra = {} }) {
  const server = createServer(async (req, res) => {
    const base = resolve(typeof root === 'function' ? root() : root);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    // No API here: say so as the real server would, so that a signed-in page stops asking.
    if (path === '/api' || path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'no API on the static server' } }));
      return;
    }
    let file = extra[path] ?? join(base, normalize(path).replace(/^([/\\])+/, ''));
    if (!extra[path] && !file.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // App routes (/ho/…) get the shell; a missing asset stays a 404.
      if (extname(path)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      file = join(base, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) {
        res.writeHead(404).end();
        return;
      }
    }
    const hashed = path.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}
