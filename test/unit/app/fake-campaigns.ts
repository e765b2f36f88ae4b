// A campaigns API in memory for the app's tests (SYNC-API.md [C3]–[C7]): what the server would answer,
// without one. `active` is what [C5] gives; `failNext` makes the next call fail.
import type { Campaign, CampaignProgress, NewCampaign } from '../../../src/domain/campaigns.ts';
import type { CampaignsApi } from '../../../src/sync/campaigns-api.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';

export class FakeCampaigns implements CampaignsApi {
  campaigns: Campaign[] = [];
  failNext: HttpFailure | null = null;
  calls: string[] = [];

  private answer<T>(call: string, make: () => T): Promise<HttpResult<T>> {
    this.calls.push(call);
    const failure = this.failNext;
    this.failNext = null;
    return Promise.resolve(failure ? { ok: false, failure } : { ok: true, value: make() });
  }

  mine = (_token: string) => this.answer('mine', () => this.campaigns.filter((c) => c.status === 'active'));
  list = (_token: string, areaId: string) =>
    this.answer('list', () =>
      this.campaigns.filter((c) => c.communeId === areaId || c.villageIds.includes(areaId)),
    );
  create = (_token: string, c: NewCampaign) =>
    this.answer('create', () => {
      const made: Campaign = {
        ...c,
        targetPercent: c.targetPercent ?? null,
        status: 'active',
        createdAt: '2026-12-01T02:00:00.000Z',
        createdBy: 'officer',
        closedAt: null,
        version: 1,
      };
      this.campaigns.push(made);
      return made;
    });
  close = (_token: string, id: string) =>
    this.answer('close', () => {
      const c = this.campaigns.find((x) => x.id === id)!;
      Object.assign(c, { status: 'closed', closedAt: '2026-12-20T02:00:00.000Z', version: c.version + 1 });
      return c;
    });
  progress = (_token: string, id: string) =>
    this.answer('progress', (): CampaignProgress => ({
      asOf: '2026-12-01T02:00:00.000Z',
      campaignId: id,
      dueOn: this.campaigns.find((x) => x.id === id)?.dueOn ?? '',
      total: { items: 0, done: 0, pending: 0, overdue: 0, outOfReach: 0 },
      villages: [],
    }));
}
