// What every HTTP handler may use: the services (store, clock, log, metrics, drain) and, once
// authenticated, the session. Identity comes only from here, never from a body or a query ([A3]).
import type { Session } from '../accounts/tokens.ts';
import type { Logger } from '../log.ts';
import type { Drain } from '../ops/drain.ts';
import type { Metrics } from '../ops/metrics.ts';
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
  /** [S22] [S23] What the routes count (a no-op without METRICS_TOKEN). */
  metrics: Metrics;
  /** [S20] Whether the server drains before it stops, and the writes under way. */
  drain: Drain;
}

export interface AppEnv {
  Variables: {
    session: Session;
    /** [S21] This request's id, in its answer's X-Request-Id and in its log lines. */
    requestId: string;
  };
}
