// Types of static-server.mjs, for the TypeScript benchmarks and tests that start it.
import type { Server } from 'node:http';

export function serveStatic(options: {
  root: string | (() => string);
  port?: number;
  host?: string;
  extra?: Record<string, string>;
}): Promise<Server>;
