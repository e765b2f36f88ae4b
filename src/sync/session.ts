// Who is signed in on this phone, kept with idb-keyval beside the notebook: the token, the user and
// this install's device id. The device id is made once per install and survives sign-outs, so that
// the commune police see one phone as one device.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { z } from 'zod';

export const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.enum(['volunteer', 'police', 'admin']),
  areaIds: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

const sessionSchema = z.object({ token: z.string().min(1), expiresAt: z.string(), user: sessionUserSchema });
export type Session = z.infer<typeof sessionSchema>;

export interface SessionStore {
  deviceId(): Promise<string>;
  get(): Promise<Session | undefined>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
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
      const parsed = sessionSchema.safeParse(await get('session', store));
      return parsed.success ? parsed.data : undefined;
    },
    async save(session) {
      await set('session', sessionSchema.parse(session), store);
    },
    async clear() {
      await del('session', store);
    },
  };
}
