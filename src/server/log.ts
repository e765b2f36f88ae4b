// Structured logs (pino, JSON lines). What goes in: method, route, path, status, time, user and device
// ids, the request id ([S21]). What never does: bodies, names, phone or ID numbers, passwords, tokens,
// query strings ([S16]).
import { pino, type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/** `destination`: where the lines go; standard output by default (tests capture them). */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'so06' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
