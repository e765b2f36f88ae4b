// A loopback proxy that gzips text answers of another local server, as a production server would:
// benchmarks put it in front of scripts/static-server.mjs (which sends files uncompressed) to see
// what compression is worth on a throttled network.
import { createServer, request, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';

const TEXT = /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/;

export function serveGzipped(upstreamPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (TEXT.test(String(headers['content-type'] ?? '')) && body.length > 0) {
            body = gzipSync(body, { level: 9 });
            headers['content-encoding'] = 'gzip';
            headers['content-length'] = String(body.length);
            headers.vary = 'accept-encoding';
          }
          res.writeHead(answer.statusCode ?? 502, headers).end(req.method === 'HEAD' ? undefined : body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}
