// What every HTTP handler may use: the services (store, clock, log) and, once authenticated, the
// session. Identity comes only from here, never from a body or a query ([A3]).
import type { Session } from '../accounts/tokens.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

export interface Services {
  store: Store;
  now: () => number;
  log: Logger;
  /** The built PWA. */
  staticDir: string;
  /** Load balancers / reverse proxies whose X-Forwarded-For is believed (client-address.ts). */
  trustedProxies: ReadonlySet<string>;
  /** POLICE_MANAGE: commune police manage their own communes' villages, volunteers and phones ([M1]). */
  policeManage: boolean;
}

export interface AppEnv {
  Variables: {
    session: Session;
  };
}
