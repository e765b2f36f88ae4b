// Who is signed in on this phone, kept with idb-keyval beside the notebook: the token, the user and
// this install's device id. The device id is made once per install and survives sign-outs, so that
// the commune police see one phone as one device. Read at every start, before the first screen: the
// shape is checked by hand here, so that the first screen does not wait for zod (the sign-in answer
// itself is parsed with zod in account-api.ts).
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { ROLES, type User } from '../domain/users.ts';

/** The signed-in user, as the login answered (the domain's public view of a user). */
export type SessionUser = User;

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface SessionStore {
  deviceId(): Promise<string>;
  get(): Promise<Session | undefined>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** A stored session from an older or damaged version reads as none: the person signs in again. */
export function isSession(v: unknown): v is Session {
  const s = v as Partial<Session> | null | undefined;
  const u = s?.user as Partial<SessionUser> | null | undefined;
  return (
    isString(s?.token) &&
    s.token.length > 0 &&
    isString(s.expiresAt) &&
    isString(u?.id) &&
    isString(u.name) &&
    isString(u.phone) &&
    (ROLES as readonly unknown[]).includes(u.role) &&
    Array.isArray(u.areaIds) &&
    u.areaIds.every(isString)
  );
}

/** Only the known fields are kept: an answer's extra fields never reach the phone's storage. */
function pick(s: Session): Session {
  const { id, name, phone, role, areaIds } = s.user;
  return { token: s.token, expiresAt: s.expiresAt, user: { id, name, phone, role, areaIds: [...areaIds] } };
}

/** The session store of this install; tests pass their own database name. */
export function createSessionStore(
  dbName = 'so06-session',
  newId: () => string = () => crypto.randomUUID(),
): SessionStore {
  const store: UseStore = createStore(dbName, 'kv');
  return {
    async deviceId() {
      const known = await get<string>('deviceId', store);
      if (typeof known === 'string' && known) return known;
      const id = newId();
      await set('deviceId', id, store);
      return id;
    },
    async get() {
      const stored: unknown = await get('session', store);
      return isSession(stored) ? pick(stored) : undefined;
    },
    async save(session) {
      if (!isSession(session)) throw new TypeError('not a session');
      await set('session', pick(session), store);
    },
    async clear() {
      await del('session', store);
    },
  };
}
