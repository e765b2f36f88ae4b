// `npm start`: build the app when the build is missing or older than the sources, then run the central
// server (src/server/main.ts: the API and the built PWA from one origin), passing signals through so
// that SIGTERM / Ctrl-C shut it down gracefully.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
        const p = join(dir, e.name);
        return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
      }, 0)
    : 0;

// Only what goes into the PWA counts: a server-only change must not trigger a rebuild.
const appSources = [
  'src/app',
  'src/db',
  'src/domain',
  'src/sync',
  'src/sw',
  'src/demo',
  'src/main.tsx',
  'public',
];
const newestOf = (p) => (existsSync(p) ? (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs) : 0);
const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
if (built < Math.max(...appSources.map(newestOf), statSync('index.html').mtimeMs)) {
  console.log('Sổ 06: building the app…');
  execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}

// tsx runs the TypeScript server as is (no separate compile step), in a child that owns the port. A
// push batch leaves tens of MiB of short-lived objects: small semi-spaces (V8's young generation)
// collect them sooner, which keeps the embedded database's server under its 400 MiB budget
// (docs/BENCHMARKS.md, "Server memory"; bench/server-memory.bench.ts runs the server the same way).
const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'src/server/main.ts'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
