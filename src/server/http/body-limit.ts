// The 1 MiB body limit ([E4]). Unlike hono/body-limit it reads an oversized body to its end (discarding it)
// before answering 413: a client still uploading would otherwise see its connection reset and never
// read the answer. Past DRAIN_LIMIT the connection is closed instead.
import type { MiddlewareHandler } from 'hono';
import { fail } from './errors.ts';

const DRAIN_LIMIT = 16 * 1024 * 1024;

export function limitBody(maxBytes: number): MiddlewareHandler {
  // Counts the bytes read, whatever the body declares; exactly `maxBytes` is not over ([E4]).
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > DRAIN_LIMIT) {
        await reader.cancel().catch(() => undefined);
        return fail(c, 'payload_too_large', `the body is over ${maxBytes} bytes`, { Connection: 'close' });
      }
      if (size <= maxBytes) chunks.push(value);
    }
    if (size > maxBytes) return fail(c, 'payload_too_large', `the body is over ${maxBytes} bytes`);
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  };
}
