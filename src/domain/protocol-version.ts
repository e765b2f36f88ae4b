// The version of the wire protocol and the headers that carry it (SYNC-API.md [V1]), apart from the
// message schemas: the service worker sends these without loading zod.

/**
 * The version of this wire protocol (push, pull and their messages). The phone sends it on every call
 * in `X-So06-Protocol`, with its build number in `X-So06-Build` ([V1]); the server answers a push or
 * pull it cannot serve `426 client_too_old` ([V2]). Raise it only with a change that an older phone
 * cannot speak.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'X-So06-Protocol';
export const BUILD_HEADER = 'X-So06-Build';
