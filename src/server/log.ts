// Structured logs (pino, JSON lines). What goes in: method, route, path, status, time, user and device
// ids. What never does: bodies, names, phone or ID numbers, passwords, tokens, query strings ([S16]).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'so06' }, timestamp: pino.stdTimeFunctions.isoTime });
}
