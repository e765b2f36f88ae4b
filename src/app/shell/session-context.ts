// Who is signed in, for the screens: the session read at start, replaced after a sign-in and cleared
// by a sign-out. The session store itself (idb-keyval) is written by the sign-in and sign-out flows.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from '../../sync/session.ts';

export interface SessionValue {
  session: Session | null;
  /** Publish the session just saved (after a sign-in), or null once signed out. */
  setSession: (session: Session | null) => void;
}

export const SessionContext = createContext<SessionValue>({ session: null, setSession: () => undefined });

export function useSession(): SessionValue {
  return useContext(SessionContext);
}
