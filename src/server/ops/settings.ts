// The operator's settings of this folder ([S20], [S22]), read by main.ts from the environment: a value
// the server cannot use stops the start with a message ([S1]).

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** What main.ts waits between failing readiness and closing, when SHUTDOWN_DRAIN_MS is unset. */
export const DEFAULT_DRAIN_MS = 5000;
/** The longest drain accepted: a stop should not wait for minutes. */
export const MAX_DRAIN_MS = 120_000;
export const MIN_METRICS_TOKEN = 16;

/** METRICS_TOKEN: unset (or empty) for no metrics; else 16 to 256 visible ASCII characters, no spaces. */
export function parseMetricsToken(text: string | undefined): Parsed<string | undefined> {
  if (text === undefined || text === '') return { ok: true, value: undefined };
  if (text.length < MIN_METRICS_TOKEN)
    return {
      ok: false,
      message: `METRICS_TOKEN: at least ${MIN_METRICS_TOKEN} characters (it guards /api/metrics), not ${text.length}`,
    };
  if (text.length > 256 || !/^[\x21-\x7e]+$/.test(text))
    return {
      ok: false,
      message: 'METRICS_TOKEN: up to 256 visible ASCII characters, without spaces (it is sent in a header)',
    };
  return { ok: true, value: text };
}

/** SHUTDOWN_DRAIN_MS: whole milliseconds from 0 to MAX_DRAIN_MS; unset (or empty): DEFAULT_DRAIN_MS. */
export function parseDrainMs(text: string | undefined): Parsed<number> {
  if (text === undefined || text === '') return { ok: true, value: DEFAULT_DRAIN_MS };
  if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_DRAIN_MS)
    return {
      ok: false,
      message: `SHUTDOWN_DRAIN_MS: whole milliseconds from 0 to ${MAX_DRAIN_MS}, not ${JSON.stringify(text)}`,
    };
  return { ok: true, value: Number(text) };
}
