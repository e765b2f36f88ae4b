// The areas the officer may read (SYNC-API.md [A16]), for the campaign screens: the communes to choose
// from and the names of their villages. These screens are online ones, like managing a commune: they
// ask the server each time and never wait for the phone's notebook.
import type { Area } from '../../domain/areas.ts';
import { useServices } from '../shell/services.ts';
import { fromApi, useRemote, type Remote } from './use-review-data.ts';

export function useCampaignAreas(): [Remote<Area[]>, () => void] {
  const { account } = useServices();
  return useRemote(async (token) => fromApi(await account.areas(token)), []);
}
