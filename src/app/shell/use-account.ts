// What signing in and signing out need from the app, in one hook: the notebook (wiped or kept; the
// sign-in screen shows before Dexie has loaded, and waits for it only to write), the services (the
// account API), the session (replaced or cleared), the sync (halted while the notebook
// changes hands) and the router (back to the list afterwards).
import { useLocation } from 'preact-iso';
import { useNotebook } from './db-context.ts';
import { useServices } from './services.ts';
import { useSession } from './session-context.ts';
import { useSync } from './sync-context.tsx';

export function useAccount() {
  const notebook = useNotebook();
  const services = useServices();
  const { session, setSession } = useSession();
  const sync = useSync();
  const { route } = useLocation();
  return { notebook, services, session, setSession, sync, route };
}
