// Sign-in, sign-out and the caller's areas over the contract's endpoints (SYNC-API.md "Accounts and
// areas"). Answers are parsed with zod; failures are values the sign-in screen turns into Vietnamese.
import { z } from 'zod';
import { areaSchema, type Area } from '../domain/areas.ts';
import { createHttpClient, type HttpResult } from './http-client.ts';
import { ROLES } from '../domain/users.ts';
import type { Session, SessionUser } from './session.ts';

const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.enum(ROLES),
  areaIds: z.array(z.string()),
}) satisfies z.ZodType<SessionUser>;

export { areaSchema, type Area };

const loginAnswer = z.object({ token: z.string().min(1), expiresAt: z.string(), user: sessionUserSchema });
const areasAnswer = z.object({ areas: z.array(areaSchema) });
const recoveryAnswer = z.object({ recoveryKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** 32 bytes from their 43 characters of base64url. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=');
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

export function createAccountApi(baseUrl = '', doFetch?: typeof fetch) {
  const http = createHttpClient({ baseUrl, fetch: doFetch });

  return {
    login(phone: string, password: string, deviceId: string): Promise<HttpResult<Session>> {
      return http.request(
        '/api/auth/login',
        { method: 'POST', json: { phone, password, deviceId } },
        loginAnswer,
      );
    },

    /** [M22] Sign in with a one-time set-up code instead of a phone number and password. */
    setup(code: string, deviceId: string): Promise<HttpResult<Session>> {
      return http.request('/api/auth/setup', { method: 'POST', json: { code, deviceId } }, loginAnswer);
    },

    async areas(token: string): Promise<HttpResult<Area[]>> {
      const r = await http.request('/api/areas', { token }, areasAnswer);
      return r.ok ? { ok: true, value: r.value.areas } : r;
    },

    /** [A23] The account's recovery secret for the notebook's key (docs/SECURITY.md). */
    async recoveryKey(token: string): Promise<HttpResult<Uint8Array<ArrayBuffer>>> {
      const r = await http.request('/api/auth/recovery-key', { token }, recoveryAnswer);
      return r.ok ? { ok: true, value: fromBase64Url(r.value.recoveryKey) } : r;
    },

    /** Revoke the token on the server. A phone offline signs out anyway; the token then expires. */
    async logout(token: string): Promise<void> {
      await http.send('/api/auth/logout', { method: 'POST', token });
    },
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
