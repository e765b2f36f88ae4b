// Sign-in, sign-out and the caller's areas over the contract's endpoints (SYNC-API.md "Accounts and
// areas"). Answers are parsed with zod; failures are values the sign-in screen turns into Vietnamese.
import { z } from 'zod';
import { ROLES, type Session, type SessionUser } from './session.ts';

const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.enum(ROLES),
  areaIds: z.array(z.string()),
}) satisfies z.ZodType<SessionUser>;

export const areaSchema = z.object({
  id: z.string(),
  kind: z.enum(['commune', 'village']),
  name: z.string(),
  parentId: z.string().nullable().optional(),
});
export type Area = z.infer<typeof areaSchema>;

const loginAnswer = z.object({ token: z.string().min(1), expiresAt: z.string(), user: sessionUserSchema });
const areasAnswer = z.object({ areas: z.array(areaSchema) });

export type AccountFailure =
  | { code: 'invalid_credentials' }
  | { code: 'rate_limited'; retryAfterSeconds: number }
  | { code: 'unauthenticated' }
  | { code: 'network' }
  | { code: 'server'; message: string };

export type AccountResult<T> = { ok: true; value: T } | { ok: false; failure: AccountFailure };

export function createAccountApi(baseUrl = '', doFetch: typeof fetch = (i, init) => fetch(i, init)) {
  async function call(
    path: string,
    init: RequestInit,
  ): Promise<AccountResult<{ status: number; body: unknown; retryAfter: string | null }>> {
    try {
      const res = await doFetch(`${baseUrl}${path}`, {
        ...init,
        cache: 'no-store',
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { ok: true, value: { status: res.status, body, retryAfter: res.headers.get('retry-after') } };
    } catch {
      return { ok: false, failure: { code: 'network' } };
    }
  }

  const failureOf = (status: number, body: unknown, retryAfter: string | null): AccountFailure => {
    const code = (body as { error?: { code?: string; message?: string } } | undefined)?.error?.code;
    if (status === 401 && code === 'invalid_credentials') return { code: 'invalid_credentials' };
    if (status === 401) return { code: 'unauthenticated' };
    if (status === 429)
      return { code: 'rate_limited', retryAfterSeconds: Math.max(1, Number(retryAfter) || 60) };
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    return { code: 'server', message: message ?? `HTTP ${status}` };
  };

  return {
    async login(phone: string, password: string, deviceId: string): Promise<AccountResult<Session>> {
      const r = await call('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, password, deviceId }),
      });
      if (!r.ok) return r;
      const { status, body, retryAfter } = r.value;
      if (status !== 200) return { ok: false, failure: failureOf(status, body, retryAfter) };
      const parsed = loginAnswer.safeParse(body);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, failure: { code: 'server', message: 'unexpected answer' } };
    },

    async areas(token: string): Promise<AccountResult<Area[]>> {
      const r = await call('/api/areas', { headers: { authorization: `Bearer ${token}` } });
      if (!r.ok) return r;
      const { status, body, retryAfter } = r.value;
      if (status !== 200) return { ok: false, failure: failureOf(status, body, retryAfter) };
      const parsed = areasAnswer.safeParse(body);
      return parsed.success
        ? { ok: true, value: parsed.data.areas }
        : { ok: false, failure: { code: 'server', message: 'unexpected answer' } };
    },

    /** Revoke the token on the server. A phone offline signs out anyway; the token then expires. */
    async logout(token: string): Promise<void> {
      await call('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    },
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
