// What the app talks to beyond the phone's notebook: the session store, the account API and the sync
// transport. Handed in from main.tsx (the real ones) or from a test (fakes), never imported by screens.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AccountApi } from '../../sync/account-api.ts';
import type { CampaignsApi } from '../../sync/campaigns-api.ts';
import type { ManageApi } from '../../sync/manage-api.ts';
import type { ReviewApi } from '../../sync/review-api.ts';
import type { SessionStore } from '../../sync/session.ts';
import type { SyncTransport } from '../../sync/transport.ts';
import type { TrendsApi } from '../../sync/trends-api.ts';

export interface AppServices {
  sessions: SessionStore;
  account: AccountApi;
  /** The commune police review's reads (police and admins only). */
  review: ReviewApi;
  /** Managing a commune (admins, and the commune police when the server lets them). */
  manage: ManageApi;
  /** Campaigns: the phone's active ones ([C5]), the police's launch, list, close and progress. */
  campaigns: CampaignsApi;
  /** The police's trends of the daily snapshots, and the targets they set (issue 17). */
  trends: TrendsApi;
  /** A transport that reads the bearer token at each request: a new sign-in takes effect at once. */
  transport: (token: () => Promise<string | undefined>) => SyncTransport;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}
