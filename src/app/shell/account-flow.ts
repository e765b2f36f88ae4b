// Sign-in, the villages that come with it, and sign-out on a shared phone, as plain functions over the
// notebook and the services: the screens call these and turn each failure kind into Vietnamese.
import type { NotebookDb } from '../../db/db.ts';
import { outboxCount } from '../../db/queries.ts';
import { getProfile, setProfile, type LocalProfile } from '../../db/settings.ts';
import { wipeNotebook } from '../../db/wipe.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import type { Session } from '../../sync/session.ts';
import { clearRevoked } from './revoked-notice.ts';
import type { AppServices } from './services.ts';

export type SignInFailure =
  | HttpFailure
  /** Someone else signs in while the signed-in person's edits still wait for the server. */
  | { kind: 'other_user_pending'; pending: number; name: string };

export type SignInResult =
  { ok: true; session: Session; sameUser: boolean } | { ok: false; failure: SignInFailure };

export interface SignInRequest {
  db: NotebookDb;
  services: AppServices;
  /** A phone number and password, or a one-time set-up code (SYNC-API.md [M22]). */
  credentials: { phone: string; password: string } | { code: string };
  /** The session on the phone now (a sign-in again after it expired), or null at first sign-in. */
  previous: Session | null;
  /** Stops syncing before another person's sign-in wipes the notebook. */
  halt: () => Promise<void>;
}

/**
 * Sign in and keep the session. Another person than the one signed in before takes over a clean
 * notebook: the earlier person's data leaves the phone first, and that is refused while any of their
 * edits still waits for the server (they exist nowhere else).
 */
export async function signIn(req: SignInRequest): Promise<SignInResult> {
  const { db, services, previous } = req;
  const otherPending = async (): Promise<SignInFailure | null> => {
    const pending = await outboxCount(db);
    return pending > 0 && previous ? { kind: 'other_user_pending', pending, name: previous.user.name } : null;
  };
  const { credentials } = req;
  // Refused before asking the server when the number already says it is someone else.
  if (previous && 'phone' in credentials && previous.user.phone !== credentials.phone) {
    const refused = await otherPending();
    if (refused) return { ok: false, failure: refused };
  }
  const deviceId = await services.sessions.deviceId();
  const answer =
    'code' in credentials
      ? await services.account.setup(credentials.code, deviceId)
      : await services.account.login(credentials.phone, credentials.password, deviceId);
  if (!answer.ok) return answer;
  const session = answer.value;
  const sameUser = previous?.user.id === session.user.id;
  if (previous && !sameUser) {
    const refused = await otherPending();
    if (refused) {
      void services.account.logout(session.token).catch(() => undefined);
      return { ok: false, failure: refused };
    }
    await req.halt();
    const wiped = await wipeNotebook(db);
    if (!wiped.ok) {
      void services.account.logout(session.token).catch(() => undefined);
      return {
        ok: false,
        failure: { kind: 'other_user_pending', pending: wiped.pending, name: previous.user.name },
      };
    }
  }
  await services.sessions.save(session);
  clearRevoked();
  // The villages come right after; if that fails the session stays, and the app asks again.
  if (session.user.role !== 'police') await refreshVillages(db, services, session);
  return { ok: true, session, sameUser };
}

export type VillagesResult = { ok: true; villages: number } | { ok: false; failure: HttpFailure };

/**
 * The signed-in person's villages, from the server (areas of kind village among those they may see),
 * kept in the profile with their name. The village chosen before stays chosen while still allowed.
 */
export async function refreshVillages(
  db: NotebookDb,
  services: AppServices,
  session: Session,
): Promise<VillagesResult> {
  const answer = await services.account.areas(session.token);
  if (!answer.ok) return answer;
  const villages = answer.value.filter((a) => a.kind === 'village').map(({ id, name }) => ({ id, name }));
  if (villages.length === 0) return { ok: true, villages: 0 };
  const before = await getProfile(db);
  const villageId =
    before && villages.some((v) => v.id === before.villageId) ? before.villageId : villages[0]!.id;
  const next: LocalProfile = { volunteerName: session.user.name, villages, villageId };
  // [M26] The shortest lock time among the volunteer's communes (a volunteer has one, in practice).
  const lockTimes = answer.value.flatMap((a) =>
    a.kind === 'commune' && a.lockMinutes ? [a.lockMinutes] : [],
  );
  if (lockTimes.length > 0) next.lockMinutes = Math.min(...lockTimes);
  if (JSON.stringify(before) === JSON.stringify(next)) return { ok: true, villages: villages.length };
  // A slow answer for an earlier session (another person signed in meanwhile on this shared phone)
  // must not put that person's name and villages back.
  if ((await services.sessions.get())?.token !== session.token)
    return { ok: true, villages: villages.length };
  try {
    await setProfile(db, next);
  } catch (error) {
    return {
      ok: false,
      failure: { kind: 'server', status: 0, message: error instanceof Error ? error.message : String(error) },
    };
  }
  return { ok: true, villages: villages.length };
}

/** How long a sign-out waits for the server to revoke the token before it goes on without. */
const LOGOUT_WAIT_MS = 5000;

export type SignOutResult = { ok: true } | { ok: false; pending: number };

/**
 * Sign out of a shared phone: nothing of the person stays. Refused while edits wait for the server.
 * Syncing stops first, then the notebook is wiped, then the token is revoked (best effort: a phone
 * offline signs out anyway, and the token then expires), then the session is forgotten.
 */
export async function signOut(req: {
  db: NotebookDb;
  services: AppServices;
  session: Session;
  halt: () => Promise<void>;
  resume: () => void;
}): Promise<SignOutResult> {
  const { db, services } = req;
  const pending = await outboxCount(db);
  if (pending > 0) return { ok: false, pending };
  await req.halt();
  const wiped = await wipeNotebook(db);
  if (!wiped.ok) {
    req.resume();
    return { ok: false, pending: wiped.pending };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    services.account.logout(req.session.token).catch(() => undefined),
    new Promise((done) => (timer = setTimeout(done, LOGOUT_WAIT_MS))),
  ]);
  clearTimeout(timer);
  await services.sessions.clear();
  return { ok: true };
}
