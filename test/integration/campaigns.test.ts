// Campaigns (rà soát, issue 17) over real HTTP, SYNC-API.md [C1]–[C7]: made once however often they
// are sent, listed and fetched within each caller's areas, closed once, and their progress worked out
// by hand from small data sets pushed like a phone would, with the server's clock moved over the
// deadline.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  campaignAnswerSchema,
  campaignProgressSchema,
  campaignsAnswerSchema,
  type Campaign,
  type CampaignProgress,
  type ProgressCounts,
} from '../../src/domain/campaigns.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  BACKENDS,
  TestClock,
  createArea,
  expectError,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  remove,
  upsert,
  useServer,
  type Api,
} from '../support/server.ts';

// 03:00 UTC is 10:00 in Vietnam: the same date on both sides.
const NOW = '2026-11-30T03:00:00.000Z';
/** Villages of commune A made for this file: one per data set, so that each campaign sees its own. */
const VILLAGES = { visits: 'thon-ben', tasks: 'thon-cau', archived: 'thon-cu', retired: 'thon-doi' } as const;

interface AuditEntry {
  action: string;
  actorId: string;
  deviceId: string;
  communeId: string | null;
  targetAreaId: string | null;
  details: Record<string, unknown>;
}

/** Pushes in order; fails unless every mutation is applied. */
async function pushAll(api: Api, ms: Mutation[]) {
  const results = await api.push(ms);
  expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
}

const counts = (
  items: number,
  done: number,
  pending: number,
  overdue = 0,
  outOfReach = 0,
): ProgressCounts => ({
  items,
  done,
  pending,
  overdue,
  outOfReach,
});
const zero = counts(0, 0, 0);

/** A valid body of POST /api/campaigns, for commune A's first two villages, due 15 December. */
const campaignBody = (extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  communeId: AREAS.communeA,
  name: 'Rà soát cấp CCCD tuổi 14',
  villageIds: [AREAS.village1, AREAS.village2],
  startsOn: '2026-12-01',
  dueOn: '2026-12-15',
  rule: { kind: 'card_at_14' },
  ...extra,
});

describe.each(BACKENDS)('campaigns on %s', (backend) => {
  const clock = new TestClock(Date.parse(NOW));
  const t = useServer(backend, { clock });

  beforeAll(async () => {
    const { admin } = t.world;
    for (const id of Object.values(VILLAGES))
      await createArea(admin, { id, kind: 'village', name: `Thôn ${id}`, parentId: AREAS.communeA });
    const res = await admin.request('PATCH', `/api/manage/villages/${VILLAGES.archived}`, {
      json: { archived: true },
    });
    expect(res.status, res.text).toBe(200);
  }, 60_000);

  const create = async (api: Api, body: Record<string, unknown>): Promise<Campaign> => {
    const res = await api.post('/api/campaigns', body);
    expect(res.status, res.text).toBe(201);
    return campaignAnswerSchema.parse(res.body).campaign;
  };
  const list = async (api: Api, areaId: string): Promise<Campaign[]> => {
    const res = await api.get(`/api/campaigns?areaId=${areaId}`);
    expect(res.status, res.text).toBe(200);
    return campaignsAnswerSchema.parse(res.body).campaigns;
  };
  const mine = async (api: Api): Promise<Campaign[]> => {
    const res = await api.get('/api/campaigns/mine');
    expect(res.status, res.text).toBe(200);
    return campaignsAnswerSchema.parse(res.body).campaigns;
  };
  const close = async (api: Api, id: string): Promise<Campaign> => {
    const res = await api.post(`/api/campaigns/${id}/close`);
    expect(res.status, res.text).toBe(200);
    return campaignAnswerSchema.parse(res.body).campaign;
  };
  const progress = async (api: Api, id: string): Promise<CampaignProgress> => {
    const res = await api.get(`/api/campaigns/${id}/progress`);
    expect(res.status, res.text).toBe(200);
    return campaignProgressSchema.parse(res.body);
  };
  /** The per-village counts and the total, without asOf (checked apart). */
  const figures = async (api: Api, id: string) => {
    const p = await progress(api, id);
    return { villages: p.villages, total: p.total };
  };
  const trail = async (action: string, campaignId: string): Promise<AuditEntry[]> => {
    const res = await t.world.admin.get<{ entries: AuditEntry[] }>(
      `/api/manage/audit?communeId=${AREAS.communeA}&limit=200`,
    );
    expect(res.status, res.text).toBe(200);
    return res.body.entries.filter((e) => e.action === action && e.details.campaignId === campaignId);
  };
  const ids = (campaigns: Campaign[], among: readonly string[]) =>
    campaigns.map((c) => c.id).filter((id) => among.includes(id));

  describe('[C3] POST /api/campaigns', () => {
    it('[C1] [C3] creates the campaign (201), as the police sent it, active at version 1, with a trail entry', async () => {
      clock.set(NOW);
      const { police } = t.world;
      const body = campaignBody({ name: '  Rà soát   thẻ\u200b 14 tuổi ', targetPercent: 90 });
      const campaign = await create(police, body);
      expect(campaign).toEqual({
        id: body.id,
        communeId: AREAS.communeA,
        name: 'Rà soát thẻ 14 tuổi',
        villageIds: [AREAS.village1, AREAS.village2],
        startsOn: '2026-12-01',
        dueOn: '2026-12-15',
        rule: { kind: 'card_at_14' },
        targetPercent: 90,
        status: 'active',
        createdAt: NOW,
        createdBy: police.userId,
        closedAt: null,
        version: 1,
      });
      const entries = await trail('campaign.create', body.id);
      expect(entries.map((e) => [e.actorId, e.deviceId, e.communeId, e.targetAreaId, e.details])).toEqual([
        [
          police.userId,
          police.deviceId,
          AREAS.communeA,
          AREAS.communeA,
          { campaignId: body.id, name: 'Rà soát thẻ 14 tuổi' },
        ],
      ]);
    });

    it('[C3] the same request again answers 200 with the stored campaign; the same id with other fields 409', async () => {
      clock.set(NOW);
      const { police, admin } = t.world;
      const body = campaignBody({
        rule: { kind: 'open_tasks', taskKinds: ['wrong_info', 'missing_id'] },
        villageIds: [AREAS.village2, AREAS.village1],
      });
      const first = await create(police, body);
      clock.advance(60_000);
      const again = await police.post('/api/campaigns', body);
      expect(again.status, again.text).toBe(200);
      expect(campaignAnswerSchema.parse(again.body).campaign).toEqual(first);
      // The id in capitals is the same id; another officer's retry of the same request too.
      const upper = await admin.post('/api/campaigns', { ...body, id: body.id.toUpperCase() });
      expect(upper.status, upper.text).toBe(200);
      expect(campaignAnswerSchema.parse(upper.body).campaign).toEqual(first);
      for (const other of [
        { name: 'Tên khác' },
        { dueOn: '2026-12-16' },
        { villageIds: [AREAS.village1, AREAS.village2] },
        { rule: { kind: 'open_tasks', taskKinds: ['wrong_info'] } },
        { targetPercent: 50 },
      ]) {
        expectError(await police.post('/api/campaigns', { ...body, ...other }), 409, 'already_exists');
      }
      expect(await trail('campaign.create', body.id)).toHaveLength(1);
      const stored = (await list(police, AREAS.communeA)).filter((c) => c.id === body.id);
      expect(stored).toEqual([first]);
    });

    it('[C3] a retry after one of its villages was archived still answers 200; a new campaign there 400', async () => {
      clock.set(NOW);
      const { police, admin } = t.world;
      const body = campaignBody({ villageIds: [AREAS.village1, VILLAGES.retired] });
      const first = await create(police, body);
      const res = await admin.request('PATCH', `/api/manage/villages/${VILLAGES.retired}`, {
        json: { archived: true },
      });
      expect(res.status, res.text).toBe(200);
      const again = await police.post('/api/campaigns', body);
      expect(again.status, again.text).toBe(200);
      expect(campaignAnswerSchema.parse(again.body).campaign).toEqual(first);
      expectError(await police.post('/api/campaigns', { ...body, id: randomUUID() }), 400, 'invalid_request');
    });

    it('[C3] 20 identical creates at once make one campaign and one trail entry', async () => {
      clock.set(NOW);
      const { police } = t.world;
      const body = campaignBody({ rule: { kind: 'vneid_level2', elderlyOnly: true } });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => police.post('/api/campaigns', body)),
      );
      expect(answers.map((a) => a.status).sort((x, y) => x - y)).toEqual([
        ...Array<number>(19).fill(200),
        201,
      ]);
      const campaigns = answers.map((a) => campaignAnswerSchema.parse(a.body).campaign);
      expect(new Set(campaigns.map((c) => JSON.stringify(c))).size).toBe(1);
      expect((await list(police, AREAS.communeA)).filter((c) => c.id === body.id)).toHaveLength(1);
      expect(await trail('campaign.create', body.id)).toHaveLength(1);
    });

    it('[C3] [E7] a volunteer 403, another commune 403, an unknown commune 404, nothing stored', async () => {
      const { vol1, policeB, police, anon } = t.world;
      const body = campaignBody();
      expectError(await vol1.post('/api/campaigns', body), 403, 'forbidden');
      expectError(await policeB.post('/api/campaigns', body), 403, 'forbidden');
      expectError(await anon.post('/api/campaigns', body), 401, 'unauthenticated');
      expectError(
        await police.post('/api/campaigns', { ...body, communeId: 'xa-khong-co', villageIds: ['thon-x'] }),
        404,
        'not_found',
      );
      expect((await list(police, AREAS.communeA)).filter((c) => c.id === body.id)).toEqual([]);
      expect(await trail('campaign.create', body.id)).toEqual([]);
    });

    it('[C3] villages of another commune, archived or unknown, and every malformed field → 400 naming it', async () => {
      const { police, admin } = t.world;
      const bad = async (api: Api, body: unknown, field: string) => {
        const res = await api.post('/api/campaigns', body);
        expectError(res, 400, 'invalid_request');
        expect((res.body as { error: { message: string } }).error.message).toMatch(new RegExp(`^${field}`));
      };
      for (const villageIds of [
        [AREAS.village1, AREAS.village3],
        [VILLAGES.archived],
        ['thon-khong-co'],
        [AREAS.communeA],
        [AREAS.village1, AREAS.village1],
        [],
        ['Thôn Đông'],
        Array.from({ length: 501 }, (_, i) => `thon-${i}`),
      ]) {
        await bad(admin, campaignBody({ villageIds }), 'villageIds');
      }
      await bad(police, campaignBody({ startsOn: '2026-12-16' }), 'dueOn');
      await bad(police, campaignBody({ dueOn: '2026-02-30' }), 'dueOn');
      await bad(police, campaignBody({ startsOn: '30/11/2026' }), 'startsOn');
      await bad(police, campaignBody({ id: 'campaign-1' }), 'id');
      await bad(police, campaignBody({ name: ' \u200b ' }), 'name');
      await bad(police, campaignBody({ name: 'x'.repeat(121) }), 'name');
      await bad(police, campaignBody({ communeId: AREAS.village1 }), 'communeId');
      for (const targetPercent of [0, 101, 12.5, '50'])
        await bad(police, campaignBody({ targetPercent }), 'targetPercent');
      for (const rule of [
        { kind: 'card_at_15' },
        { kind: 'card_at_14', turningFrom: '2026-13-01' },
        { kind: 'card_at_14', everyone: true },
        { kind: 'not_visited_since' },
        { kind: 'open_tasks', taskKinds: [] },
        { kind: 'open_tasks', taskKinds: ['wrong_info', 'wrong_info'] },
        { kind: 'open_tasks', taskKinds: ['lost_dog'] },
        { kind: 'vneid_level2', elderlyOnly: 'yes' },
        'card_at_14',
        null,
      ]) {
        await bad(police, campaignBody({ rule }), 'rule');
      }
      const { rule: _rule, ...withoutRule } = campaignBody();
      await bad(police, withoutRule, 'rule');
      const raw = await police.request('POST', '/api/campaigns', { raw: '{"id": ' });
      expectError(raw, 400, 'invalid_request');
    });
  });

  describe('[C4] [C5] [C6] listing and closing', () => {
    it('[C4] a commune lists active first, then by dueOn, newest created, id; a village only those covering it', async () => {
      const { police, admin } = t.world;
      clock.set(NOW);
      const a = await create(police, campaignBody({ dueOn: '2026-12-20' }));
      clock.advance(60_000);
      const b = await create(police, campaignBody({ dueOn: '2026-12-10', villageIds: [AREAS.village2] }));
      clock.advance(60_000);
      // Same deadline as a, created later: before a.
      const c = await create(police, campaignBody({ dueOn: '2026-12-20', villageIds: [AREAS.villageEmpty] }));
      clock.advance(60_000);
      const d = await create(police, campaignBody({ dueOn: '2026-12-05' }));
      await close(police, d.id);
      // Same deadline and creation time: by id.
      const [e1, e2] = [randomUUID(), randomUUID()].sort();
      const e = await create(
        police,
        campaignBody({ id: e2, dueOn: '2026-12-12', villageIds: [AREAS.village1] }),
      );
      const f = await create(
        police,
        campaignBody({ id: e1, dueOn: '2026-12-12', villageIds: [AREAS.village1] }),
      );
      const ours = [a, b, c, d, e, f].map((x) => x.id);
      expect(ids(await list(police, AREAS.communeA), ours)).toEqual([b.id, f.id, e.id, c.id, a.id, d.id]);
      expect(ids(await list(admin, AREAS.communeA), ours)).toEqual([b.id, f.id, e.id, c.id, a.id, d.id]);
      expect(ids(await list(police, AREAS.village1), ours)).toEqual([f.id, e.id, a.id, d.id]);
      expect(ids(await list(police, AREAS.village2), ours)).toEqual([b.id, a.id, d.id]);
      expect(ids(await list(police, AREAS.villageEmpty), ours)).toEqual([c.id]);
      // A village's list keeps each campaign whole.
      expect((await list(police, AREAS.village2)).find((x) => x.id === a.id)?.villageIds).toEqual([
        AREAS.village1,
        AREAS.village2,
      ]);
      // Commune B's police see none of them.
      expect(ids(await list(t.world.policeB, AREAS.communeB), ours)).toEqual([]);
    });

    it('[C4] areaId judged as in [T7]: volunteer 403, another commune 403, unknown 404, missing or malformed 400', async () => {
      const { vol1, policeB, police } = t.world;
      expectError(await vol1.get(`/api/campaigns?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await policeB.get(`/api/campaigns?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await policeB.get(`/api/campaigns?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await police.get('/api/campaigns?areaId=xa-khong-co'), 404, 'not_found');
      expectError(await police.get('/api/campaigns'), 400, 'invalid_request');
      expectError(await police.get('/api/campaigns?areaId=X%20Y'), 400, 'invalid_request');
    });

    it("[C5] mine: the active campaigns covering the caller's villages, villageIds narrowed, by dueOn then id; closed ones gone", async () => {
      const { police, policeB, vol1, vol2, vol12, vol3 } = t.world;
      clock.set(NOW);
      const both = await create(police, campaignBody({ dueOn: '2026-12-31' }));
      const [x1, x2] = [randomUUID(), randomUUID()].sort();
      const second = await create(
        police,
        campaignBody({ id: x2, dueOn: '2026-12-30', villageIds: [AREAS.village2] }),
      );
      const first = await create(
        police,
        campaignBody({ id: x1, dueOn: '2026-12-30', villageIds: [AREAS.village1] }),
      );
      const empty = await create(
        police,
        campaignBody({ dueOn: '2026-12-29', villageIds: [AREAS.villageEmpty] }),
      );
      const closed = await create(police, campaignBody({ dueOn: '2026-12-28' }));
      await close(police, closed.id);
      const other = await create(
        policeB,
        campaignBody({ communeId: AREAS.communeB, villageIds: [AREAS.village3], dueOn: '2026-12-31' }),
      );
      const ours = [both, first, second, empty, closed, other].map((c) => c.id);
      const seen = async (api: Api) =>
        (await mine(api)).filter((c) => ours.includes(c.id)).map((c) => [c.id, c.villageIds]);

      expect(await seen(vol1)).toEqual([
        [first.id, [AREAS.village1]],
        [both.id, [AREAS.village1]],
      ]);
      expect(await seen(vol2)).toEqual([
        [second.id, [AREAS.village2]],
        [both.id, [AREAS.village2]],
      ]);
      expect(await seen(vol12)).toEqual([
        [first.id, [AREAS.village1]],
        [second.id, [AREAS.village2]],
        [both.id, [AREAS.village1, AREAS.village2]],
      ]);
      expect(await seen(vol3)).toEqual([[other.id, [AREAS.village3]]]);
      expect(await seen(police)).toEqual([
        [empty.id, [AREAS.villageEmpty]],
        [first.id, [AREAS.village1]],
        [second.id, [AREAS.village2]],
        [both.id, [AREAS.village1, AREAS.village2]],
      ]);
      // Every answer is active, and whole but for its villages.
      const mineOfVol1 = (await mine(vol1)).find((c) => c.id === both.id);
      expect(mineOfVol1).toEqual({ ...both, villageIds: [AREAS.village1] });
      for (const c of await mine(vol12)) expect(c.status).toBe('active');
      expectError(await t.world.anon.get('/api/campaigns/mine'), 401, 'unauthenticated');
    });

    it('[C6] close: 200 closed at now, version 2, one trail entry; again 200 unchanged, nothing recorded', async () => {
      const { police, admin } = t.world;
      clock.set(NOW);
      const campaign = await create(police, campaignBody());
      clock.advance(3_600_000);
      const closedAt = clock.iso();
      const closed = await close(police, campaign.id);
      expect(closed).toEqual({ ...campaign, status: 'closed', closedAt, version: 2 });
      clock.advance(3_600_000);
      expect(await close(admin, campaign.id)).toEqual(closed);
      expect(await close(police, campaign.id.toUpperCase())).toEqual(closed);
      const entries = await trail('campaign.close', campaign.id);
      expect(entries.map((e) => [e.actorId, e.deviceId, e.targetAreaId, e.details])).toEqual([
        [police.userId, police.deviceId, AREAS.communeA, { campaignId: campaign.id, name: campaign.name }],
      ]);
      // A closed campaign is still listed, after the active ones.
      expect((await list(police, AREAS.communeA)).find((c) => c.id === campaign.id)).toEqual(closed);
    });

    it("[C6] [C7] unknown or another commune's campaign 404 alike, a volunteer 403, a malformed id 400", async () => {
      const { police, policeB, vol1 } = t.world;
      clock.set(NOW);
      const campaign = await create(police, campaignBody());
      for (const path of ['close', 'progress']) {
        const call = (api: Api, id: string) =>
          path === 'close'
            ? api.post(`/api/campaigns/${id}/close`)
            : api.get(`/api/campaigns/${id}/progress`);
        expectError(await call(policeB, campaign.id), 404, 'not_found');
        expectError(await call(police, randomUUID()), 404, 'not_found');
        expectError(await call(vol1, campaign.id), 403, 'forbidden');
        expectError(await call(police, 'not-a-uuid'), 400, 'invalid_request');
        expectError(await call(police, '%E0%A4%A'), 400, 'invalid_request');
      }
      // policeB's refused close changed nothing.
      expect((await list(police, AREAS.communeA)).find((c) => c.id === campaign.id)?.status).toBe('active');
      expect(await trail('campaign.close', campaign.id)).toEqual([]);
    });
  });

  describe('[C7] progress of card_at_14, worked out by hand', () => {
    // Village 1: H1 with P1 (14 on the deadline, no card: an item), P2 (a day younger: 13, never an
    //   item), P3 (an adult with a card); H2 with P4 (an adult whose card is applied for: an item).
    // Village 2: H3 with P5 (card lost: an item) and P6 (no card: an item).
    // Commune B's village 3: H8 with a person without a card, never in commune A's campaign.
    const H1 = newHousehold(AREAS.village1);
    const H2 = newHousehold(AREAS.village1);
    const H3 = newHousehold(AREAS.village2);
    const H8 = newHousehold(AREAS.village3);
    const P1 = newPerson(H1.entityId, { birthDate: '2012-12-15', cccdStatus: 'none', relation: 'child' });
    const P2 = newPerson(H1.entityId, { birthDate: '2012-12-16', cccdStatus: 'none', relation: 'child' });
    const P3 = newPerson(H1.entityId, { birthDate: '1990-01-01', cccdStatus: 'issued' });
    const P4 = newPerson(H2.entityId, { birthDate: '2000-05-05', cccdStatus: 'applied' });
    const P5 = newPerson(H3.entityId, { birthDate: '1975-02-02', cccdStatus: 'lost' });
    const P6 = newPerson(H3.entityId, { birthDate: '2005-07-07', cccdStatus: 'none' });
    const P7 = newPerson(H3.entityId, { birthDate: '2010-01-01', cccdStatus: 'none', relation: 'child' });
    let campaign: Campaign;
    const row = (villageId: string, c: ProgressCounts) => ({ villageId, ...c });

    beforeAll(async () => {
      const { vol1, vol2, vol3, police } = t.world;
      clock.set(NOW);
      await pushAll(vol1, [H1, H2, P1, P2, P3, P4]);
      await pushAll(vol2, [H3, P5, P6]);
      await pushAll(vol3, [H8, newPerson(H8.entityId, { cccdStatus: 'none' })]);
      // The campaign's order of villages is the progress's: village 2 first, and an empty village.
      campaign = await create(
        police,
        campaignBody({ villageIds: [AREAS.village2, AREAS.village1, AREAS.villageEmpty] }),
      );
    }, 60_000);

    it("[C7] at creation: P1 (14 on dueOn), P4, P5 and P6 are pending items, by village in the campaign's order", async () => {
      clock.set(NOW);
      const p = await progress(t.world.police, campaign.id);
      expect(p).toEqual({
        asOf: NOW,
        campaignId: campaign.id,
        dueOn: '2026-12-15',
        total: counts(4, 0, 4),
        villages: [
          row(AREAS.village2, counts(2, 0, 2)),
          row(AREAS.village1, counts(2, 0, 2)),
          row(AREAS.villageEmpty, zero),
        ],
      });
    });

    it("[C7] issuing P1's card through a push makes it done", async () => {
      await pushAll(t.world.vol1, [
        upsert('person', P1.entityId, { cccdStatus: 'issued', cccdIssuedOn: '2026-11-28' }, 1),
      ]);
      expect(await figures(t.world.admin, campaign.id)).toEqual({
        total: counts(4, 1, 3),
        villages: [
          row(AREAS.village2, counts(2, 0, 2)),
          row(AREAS.village1, counts(2, 1, 1)),
          row(AREAS.villageEmpty, zero),
        ],
      });
    });

    it('[C7] [R16] H2 marked refused moves P4 to outOfReach, out of items', async () => {
      await pushAll(t.world.vol1, [
        upsert('household', H2.entityId, { outOfReach: 'refused', outOfReachOn: '2026-11-29' }, 1),
      ]);
      expect(await figures(t.world.police, campaign.id)).toEqual({
        total: counts(3, 1, 2, 0, 1),
        villages: [
          row(AREAS.village2, counts(2, 0, 2)),
          row(AREAS.village1, counts(1, 1, 0, 0, 1)),
          row(AREAS.villageEmpty, zero),
        ],
      });
    });

    it('[C7] a deleted person is no item; a person added later who matches becomes one', async () => {
      await pushAll(t.world.vol2, [remove('person', P6.entityId, 1)]);
      expect((await figures(t.world.police, campaign.id)).villages[0]).toEqual(
        row(AREAS.village2, counts(1, 0, 1)),
      );
      // P7 is 16 on the deadline, without a card.
      await pushAll(t.world.vol2, [P7]);
      expect(await figures(t.world.police, campaign.id)).toEqual({
        total: counts(3, 1, 2, 0, 1),
        villages: [
          row(AREAS.village2, counts(2, 0, 2)),
          row(AREAS.village1, counts(1, 1, 0, 0, 1)),
          row(AREAS.villageEmpty, zero),
        ],
      });
    });

    it("[C7] pending items are overdue once Vietnam's date is after dueOn", async () => {
      // 16:59 UTC on 15 December is 23:59 in Vietnam: still the deadline day.
      clock.set('2026-12-15T16:59:00.000Z');
      expect((await progress(t.world.police, campaign.id)).total).toEqual(counts(3, 1, 2, 0, 1));
      clock.set('2026-12-15T17:00:00.000Z');
      const p = await progress(t.world.police, campaign.id);
      expect(p.asOf).toBe('2026-12-15T17:00:00.000Z');
      expect({ total: p.total, villages: p.villages }).toEqual({
        total: counts(3, 1, 2, 2, 1),
        villages: [
          row(AREAS.village2, counts(2, 0, 2, 2)),
          row(AREAS.village1, counts(1, 1, 0, 0, 1)),
          row(AREAS.villageEmpty, zero),
        ],
      });
    });

    it('[C7] [R16] clearing the mark brings P4 back, pending (and overdue)', async () => {
      clock.set('2026-12-16T01:00:00.000Z');
      await pushAll(t.world.vol1, [
        upsert('household', H2.entityId, { outOfReach: null, outOfReachOn: null }, 2),
      ]);
      expect((await figures(t.world.police, campaign.id)).villages[1]).toEqual(
        row(AREAS.village1, counts(2, 1, 1, 1)),
      );
    });

    it('[C6] [C7] the close looks once more; after it the progress is frozen, judged on the close date', async () => {
      const { police, vol2 } = t.world;
      clock.set('2026-12-16T02:00:00.000Z');
      // Between the last read and the close: P5's card is issued. The close sees it.
      await pushAll(vol2, [upsert('person', P5.entityId, { cccdStatus: 'issued' }, 1)]);
      const closed = await close(police, campaign.id);
      const atClose = await progress(police, campaign.id);
      expect(atClose).toEqual({
        asOf: closed.closedAt,
        campaignId: campaign.id,
        dueOn: '2026-12-15',
        total: counts(4, 2, 2, 2),
        villages: [
          row(AREAS.village2, counts(2, 1, 1, 1)),
          row(AREAS.village1, counts(2, 1, 1, 1)),
          row(AREAS.villageEmpty, zero),
        ],
      });
      // Edits after the close change nothing: P7's card, P4's household marked, a new match.
      await pushAll(vol2, [upsert('person', P7.entityId, { cccdStatus: 'issued' }, 1)]);
      await pushAll(t.world.vol1, [
        upsert('household', H2.entityId, { outOfReach: 'moved_away', outOfReachOn: '2026-11-30' }, 3),
        upsert('person', P2.entityId, { birthDate: '2000-01-01' }, 1),
      ]);
      clock.advance(86_400_000);
      expect(await progress(police, campaign.id)).toEqual(atClose);
    });
  });

  describe('[C7] progress of not_visited_since, worked out by hand', () => {
    // Since 1 November: HA met on 15 October (an item), HB met on 5 November (not), HC not at home on
    // 10 November (an item), HD never visited (an item), HE met on 3 November but that visit deleted
    // (an item).
    const v = VILLAGES.visits;
    const HA = newHousehold(v);
    const HB = newHousehold(v);
    const HC = newHousehold(v);
    const HD = newHousehold(v);
    const HE = newHousehold(v);
    const VE = newVisit(HE.entityId, { visitedOn: '2026-11-03', outcome: 'met' });
    let campaign: Campaign;

    beforeAll(async () => {
      const { admin, police } = t.world;
      clock.set(NOW);
      await pushAll(admin, [
        HA,
        HB,
        HC,
        HD,
        HE,
        newVisit(HA.entityId, { visitedOn: '2026-10-15', outcome: 'met' }),
        newVisit(HB.entityId, { visitedOn: '2026-11-05', outcome: 'met' }),
        newVisit(HC.entityId, { visitedOn: '2026-11-10', outcome: 'not_home' }),
        VE,
      ]);
      await pushAll(admin, [remove('visit', VE.entityId, 1)]);
      campaign = await create(
        police,
        campaignBody({
          name: 'Thăm hộ chưa gặp từ 01/11',
          villageIds: [v],
          dueOn: '2026-12-10',
          rule: { kind: 'not_visited_since', since: '2026-11-01' },
        }),
      );
    }, 60_000);

    it('[C7] HA, HC, HD and HE are pending; a met visit of HA via push makes it done', async () => {
      clock.set(NOW);
      expect((await progress(t.world.police, campaign.id)).total).toEqual(counts(4, 0, 4));
      await pushAll(t.world.admin, [newVisit(HA.entityId, { visitedOn: '2026-11-20', outcome: 'met' })]);
      // A visit that did not meet them changes nothing.
      await pushAll(t.world.admin, [newVisit(HC.entityId, { visitedOn: '2026-11-21', outcome: 'refused' })]);
      expect(await figures(t.world.police, campaign.id)).toEqual({
        total: counts(4, 1, 3),
        villages: [{ villageId: v, ...counts(4, 1, 3) }],
      });
    });

    it('[C7] a household moved away counts apart, a deleted one nowhere', async () => {
      await pushAll(t.world.admin, [
        upsert('household', HD.entityId, { outOfReach: 'moved_away', outOfReachOn: '2026-11-30' }, 1),
        remove('household', HE.entityId, 1),
      ]);
      expect((await progress(t.world.police, campaign.id)).total).toEqual(counts(2, 1, 1, 0, 1));
    });

    it('[C6] [C7] closed before the deadline: never overdue, whatever the clock says later', async () => {
      const { police, admin } = t.world;
      clock.set('2026-12-01T03:00:00.000Z');
      await close(police, campaign.id);
      const atClose = await progress(police, campaign.id);
      expect(atClose.total).toEqual(counts(2, 1, 1, 0, 1));
      clock.set('2026-12-20T03:00:00.000Z');
      await pushAll(admin, [newVisit(HC.entityId, { visitedOn: '2026-11-25', outcome: 'met' })]);
      expect(await progress(police, campaign.id)).toEqual(atClose);
    });
  });

  describe('[C7] progress of open_tasks, worked out by hand', () => {
    // Of the kinds wrong_info and missing_id: T1 and T2 open (items), T3 open but deceased (not), T4
    // wrong_info but done (not yet); T5 open missing_id in another household (an item).
    const v = VILLAGES.tasks;
    const HT1 = newHousehold(v);
    const HT2 = newHousehold(v);
    const T1 = newTask(HT1.entityId, { kind: 'wrong_info' });
    const T2 = newTask(HT1.entityId, { kind: 'missing_id' });
    const T3 = newTask(HT1.entityId, { kind: 'deceased' });
    const T4 = newTask(HT1.entityId, { kind: 'wrong_info', status: 'done' });
    const T5 = newTask(HT2.entityId, { kind: 'missing_id' });
    let campaign: Campaign;

    beforeAll(async () => {
      clock.set(NOW);
      await pushAll(t.world.admin, [HT1, HT2, T1, T2, T3, T4, T5]);
      campaign = await create(
        t.world.admin,
        campaignBody({
          name: 'Sửa thông tin sai',
          villageIds: [v],
          rule: { kind: 'open_tasks', taskKinds: ['wrong_info', 'missing_id'] },
        }),
      );
    }, 60_000);

    it('[C7] T1, T2 and T5 are items; closing T1 makes it done, reopening T4 adds it, HT2 refused counts apart', async () => {
      const { admin, police } = t.world;
      clock.set(NOW);
      expect((await progress(police, campaign.id)).total).toEqual(counts(3, 0, 3));
      await pushAll(admin, [
        upsert('task', T1.entityId, { status: 'done' }, 1),
        upsert('task', T3.entityId, { status: 'done' }, 1),
      ]);
      expect((await progress(police, campaign.id)).total).toEqual(counts(3, 1, 2));
      await pushAll(admin, [
        upsert('task', T4.entityId, { status: 'open' }, 1),
        upsert('household', HT2.entityId, { outOfReach: 'refused', outOfReachOn: '2026-11-30' }, 1),
      ]);
      expect(await figures(police, campaign.id)).toEqual({
        total: counts(3, 1, 2, 0, 1),
        villages: [{ villageId: v, ...counts(3, 1, 2, 0, 1) }],
      });
      // A task that matched and stopped matching stays an item, done; reopened, pending again.
      await pushAll(admin, [upsert('task', T1.entityId, { status: 'open' }, 2)]);
      expect((await progress(police, campaign.id)).total).toEqual(counts(3, 0, 3, 0, 1));
    });

    it('[C7] reads at once, each looking at a new match, count it once', async () => {
      const { admin, police } = t.world;
      await pushAll(admin, [newTask(HT1.entityId, { kind: 'missing_id' })]);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => police.get(`/api/campaigns/${campaign.id}/progress`)),
      );
      for (const a of answers) {
        expect(a.status, a.text).toBe(200);
        expect(campaignProgressSchema.parse(a.body).total).toEqual(counts(4, 0, 4, 0, 1));
      }
    });

    it("[C7] [P16] items of a household moved out of the campaign's villages count nowhere, and come back with it", async () => {
      const { admin, police } = t.world;
      await pushAll(admin, [upsert('household', HT1.entityId, { villageId: AREAS.villageEmpty }, 1)]);
      expect((await progress(police, campaign.id)).total).toEqual(counts(0, 0, 0, 0, 1));
      await pushAll(admin, [upsert('household', HT1.entityId, { villageId: v }, 2)]);
      expect((await progress(police, campaign.id)).total).toEqual(counts(4, 0, 4, 0, 1));
    });
  });
});
