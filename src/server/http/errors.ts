// The error answer of SYNC-API.md "Errors": always `{"error": {"code", "message"}}` ([E1]), with the
// status that goes with the code ([E2]).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  payload_too_large: 413,
  /** SYNC-API.md [V2]: the phone's protocol or build is one this server no longer serves. */
  client_too_old: 426,
  rate_limited: 429,
  internal_error: 500,
  /** SYNC-API.md [S19], [S20]: the server is shutting down or its database does not answer; try again. */
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

export function fail(
  c: Context,
  code: ErrorCode,
  message: string,
  headers?: Record<string, string>,
): Response {
  return c.json(errorBody(code, message), ERROR_STATUS[code], headers);
}
