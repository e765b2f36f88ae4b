// Bearer-token authentication and role guards. The session (user, device) is read from the token
// alone ([A3]); a missing, unknown, revoked or expired token is 401 `unauthenticated` ([A7]).
import type { MiddlewareHandler } from 'hono';
import { sessionOf } from '../accounts/tokens.ts';
import type { Role } from '../../domain/users.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

/** [A7] The token only as `Authorization: Bearer <token>`, never from the query string. */
export function requireSession(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(header);
    if (!match?.[1]) return fail(c, 'unauthenticated', 'sign in: Authorization: Bearer <token> is missing');
    const session = await sessionOf(services.store, match[1], services.now());
    if (!session)
      return fail(c, 'unauthenticated', 'the token is unknown, revoked or expired: sign in again');
    c.set('session', session);
    await next();
  };
}

/** [A3] The role comes from the token's user; any other role is `403 forbidden`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('session').user.role)) {
      return fail(c, 'forbidden', `this needs the role ${roles.join(' or ')}`);
    }
    await next();
  };
}
