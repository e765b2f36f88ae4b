// The campaigns the phone keeps ([C5], issue 17): the active campaigns of the volunteer's villages, as
// last fetched, so that the work list is there offline. A campaign holds no citizen's data (a name, a
// rule, dates, village ids): its meta row stays readable while locked, like the profile. Reading it is
// on the list screen's path: a plain shape check, no zod.
import type { CampaignRule } from '../domain/campaign-rules.ts';
import type { WorkCampaign } from '../domain/work-list.ts';
import type { NotebookDb } from './db.ts';
import type { Readable } from './reads.ts';
import type { MetaRow } from './rows.ts';

export const CAMPAIGNS_KEY = 'campaigns';

export interface PhoneCampaign extends WorkCampaign {
  startsOn: string;
  targetPercent?: number | null;
}

const isCampaign = (c: unknown): c is PhoneCampaign => {
  const x = c as Partial<PhoneCampaign> | null;
  return (
    typeof x?.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.dueOn === 'string' &&
    typeof x.startsOn === 'string' &&
    Array.isArray(x.villageIds) &&
    typeof (x.rule as CampaignRule | undefined)?.kind === 'string'
  );
};

/** The campaigns kept, or none; an entry this build cannot read is left out, not an error. */
export async function getCampaigns(db: Readable): Promise<PhoneCampaign[]> {
  const value = (await db.reads.get<MetaRow>('meta', CAMPAIGNS_KEY))?.value;
  return Array.isArray(value) ? value.filter(isCampaign) : [];
}

export async function setCampaigns(db: NotebookDb, campaigns: readonly PhoneCampaign[]): Promise<void> {
  await db.meta.put({ key: CAMPAIGNS_KEY, value: campaigns });
}
