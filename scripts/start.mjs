// `npm start`: build the app when the build is missing or older than the sources, then serve it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from './static-server.mjs';

const newest = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
        const p = join(dir, e.name);
        return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
      }, 0)
    : 0;

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
if (built < Math.max(newest('src'), newest('public'), statSync('index.html').mtimeMs)) {
  console.log('Sổ 06: building the app…');
  execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const server = await serveStatic({ root: 'dist', port, host });
console.log(`Sổ 06 is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
