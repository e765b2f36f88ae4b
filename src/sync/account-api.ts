// Sign-in, sign-out and the caller's areas over the contract's endpoints (SYNC-API.md "Accounts and
// areas"). Answers are parsed with zod; failures are values the sign-in screen turns into Vietnamese.
import { z } from 'zod';
import { areaSchema, type Area } from '../domain/areas.ts';
import { bearer, createApiCaller, type ApiFailure, type ApiResult } from './api-call.ts';
import { ROLES, type Session, type SessionUser } from './session.ts';

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

/** Kept as the sign-in's names: the failures of any call to the server. */
export type AccountFailure = ApiFailure;
export type AccountResult<T> = ApiResult<T>;

export function createAccountApi(baseUrl = '', doFetch: typeof fetch = (i, init) => fetch(i, init)) {
  const { call, json } = createApiCaller(baseUrl, doFetch);

  return {
    login(phone: string, password: string, deviceId: string): Promise<AccountResult<Session>> {
      return json(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone, password, deviceId }),
        },
        loginAnswer,
      );
    },

    async areas(token: string): Promise<AccountResult<Area[]>> {
      const r = await json('/api/areas', { headers: bearer(token) }, areasAnswer);
      return r.ok ? { ok: true, value: r.value.areas } : r;
    },

    /** Revoke the token on the server. A phone offline signs out anyway; the token then expires. */
    async logout(token: string): Promise<void> {
      await call('/api/auth/logout', { method: 'POST', headers: bearer(token) });
    },
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
