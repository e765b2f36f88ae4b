// The version handshake of push and pull (SYNC-API.md [V1]–[V4]): a phone names its protocol and its
// build in X-So06-Protocol and X-So06-Build; one this server cannot serve is answered 426
// client_too_old before anything is read or stored, so that it keeps its outbox and updates. A phone
// that sends neither header (a build from before the handshake) is served as before.
import type { MiddlewareHandler } from 'hono';
import { BUILD_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../domain/sync-protocol.ts';
import { fail } from './errors.ts';

/** The protocol versions this server speaks. */
export const SUPPORTED_PROTOCOLS: readonly number[] = [PROTOCOL_VERSION];

export interface ClientVersionOptions {
  /** The oldest build served (MIN_CLIENT_BUILD); undefined: every build. */
  minClientBuild?: number;
}

/** A header's whole number, or null when it is something else ("", "1.5", "abc", "1, 2"). */
function wholeNumber(text: string): number | null {
  if (!/^\d{1,15}$/.test(text.trim())) return null;
  return Number(text.trim());
}

export function clientVersion(options: ClientVersionOptions): MiddlewareHandler {
  return async (c, next) => {
    const protocolText = c.req.header(PROTOCOL_HEADER);
    const buildText = c.req.header(BUILD_HEADER);
    const protocol = protocolText === undefined ? undefined : wholeNumber(protocolText);
    const build = buildText === undefined ? undefined : wholeNumber(buildText);
    if (protocol === null) return fail(c, 'invalid_request', `${PROTOCOL_HEADER}: a whole number`);
    if (build === null) return fail(c, 'invalid_request', `${BUILD_HEADER}: a whole number`);
    if (protocol !== undefined && !SUPPORTED_PROTOCOLS.includes(protocol)) {
      return fail(
        c,
        'client_too_old',
        `this server speaks sync protocol ${SUPPORTED_PROTOCOLS.join(', ')}, not ${protocol}: update the app`,
      );
    }
    const min = options.minClientBuild;
    if (build !== undefined && min !== undefined && build < min) {
      return fail(
        c,
        'client_too_old',
        `build ${build} is older than this server serves (${min}): update the app`,
      );
    }
    await next();
  };
}

/** MIN_CLIENT_BUILD as the environment gives it: unset or empty accepts every build. */
export function parseMinClientBuild(
  text: string | undefined,
): { ok: true; minClientBuild: number | undefined } | { ok: false; message: string } {
  if (text === undefined || text.trim() === '') return { ok: true, minClientBuild: undefined };
  const value = wholeNumber(text);
  if (value === null) {
    return {
      ok: false,
      message: `MIN_CLIENT_BUILD: a whole build number (or unset), not ${JSON.stringify(text)}`,
    };
  }
  return { ok: true, minClientBuild: value };
}
