// A campaigns API in memory for the app's tests (SYNC-API.md [C3]–[C7]): what the server would answer,
// without one. `active` is what [C5] gives; `failNext` makes the next call fail; `loseNextAnswer`
// stores the next launch but answers as a dropped connection (the retry then gets the stored one,
// [C8]); `progressAnswers` holds the figures a test gives per campaign.
import type { Campaign, CampaignProgress, NewCampaign } from '../../../src/domain/campaigns.ts';
import type { CampaignsApi } from '../../../src/sync/campaigns-api.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';

const ZERO = { items: 0, done: 0, pending: 0, overdue: 0, outOfReach: 0 };

/** [C8] What makes two launches the same request: every field the officer set, `null` as absent. */
const sameRequest = (a: NewCampaign, b: Campaign) =>
  JSON.stringify([
    a.communeId,
    a.name,
    a.villageIds,
    a.startsOn,
    a.dueOn,
    a.rule,
    a.targetPercent ?? null,
  ]) === JSON.stringify([b.communeId, b.name, b.villageIds, b.startsOn, b.dueOn, b.rule, b.targetPercent]);

export class FakeCampaigns implements CampaignsApi {
  campaigns: Campaign[] = [];
  failNext: HttpFailure | null = null;
  /** The next create is stored, but its answer is lost on the way (a network failure). */
  loseNextAnswer = false;
  calls: string[] = [];
  /** Every body sent to create, in order (retries included). */
  created: NewCampaign[] = [];
  /** [C7] The figures per campaign id; none: zero everywhere, a row per village. */
  progressAnswers = new Map<string, CampaignProgress>();
  /** When the server counts (progress's `asOf` while active; `closedAt` at a close). */
  now = '2026-12-01T02:00:00.000Z';

  private answer<T>(call: string, make: () => T | HttpFailure): Promise<HttpResult<T>> {
    this.calls.push(call);
    const failure = this.failNext;
    this.failNext = null;
    if (failure) return Promise.resolve({ ok: false, failure });
    const value = make();
    if (value && typeof value === 'object' && 'kind' in value && 'message' in value)
      return Promise.resolve({ ok: false, failure: value });
    return Promise.resolve({ ok: true, value: value as T });
  }

  mine = (_token: string) => this.answer('mine', () => this.campaigns.filter((c) => c.status === 'active'));
  list = (_token: string, areaId: string) =>
    this.answer('list', () =>
      this.campaigns.filter((c) => c.communeId === areaId || c.villageIds.includes(areaId)),
    );
  create = (_token: string, c: NewCampaign) => {
    this.created.push(structuredClone(c));
    return this.answer('create', (): Campaign | HttpFailure => {
      const stored = this.campaigns.find((x) => x.id.toLowerCase() === c.id.toLowerCase());
      if (stored)
        return sameRequest(c, stored)
          ? stored
          : {
              kind: 'refused',
              status: 409,
              code: 'already_exists',
              message: 'id: another campaign has this id',
            };
      const made: Campaign = {
        ...c,
        villageIds: [...c.villageIds],
        targetPercent: c.targetPercent ?? null,
        status: 'active',
        createdAt: this.now,
        createdBy: 'officer',
        closedAt: null,
        version: 1,
      };
      this.campaigns.push(made);
      if (this.loseNextAnswer) {
        this.loseNextAnswer = false;
        return { kind: 'network', message: 'answer cut short' };
      }
      return made;
    });
  };
  close = (_token: string, id: string) =>
    this.answer('close', (): Campaign | HttpFailure => {
      const c = this.campaigns.find((x) => x.id === id);
      if (!c) return { kind: 'not_found', message: 'no such campaign' };
      if (c.status === 'closed') return c;
      Object.assign(c, { status: 'closed', closedAt: this.now, version: c.version + 1 });
      return c;
    });
  progress = (_token: string, id: string) =>
    this.answer('progress', (): CampaignProgress | HttpFailure => {
      const c = this.campaigns.find((x) => x.id === id);
      if (!c) return { kind: 'not_found', message: 'no such campaign' };
      const given = this.progressAnswers.get(id);
      const asOf = c.closedAt ?? this.now;
      if (given) return { ...given, asOf };
      return {
        asOf,
        campaignId: id,
        dueOn: c.dueOn,
        total: ZERO,
        villages: c.villageIds.map((villageId) => ({ villageId, ...ZERO })),
      };
    });
}
