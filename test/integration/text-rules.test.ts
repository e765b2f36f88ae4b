// Issue 12 point 4, "text that cannot spoof", on the server over HTTP, on PGlite and PostgreSQL: the
// records' free text is stored as src/domain/text.ts cleans it (NFC, invisible and bidi controls
// stripped), a name that is only invisible is `required`, a resend of the same text in another form is
// no change and no conflict, a `__proto__` key in a push's fields is refused as an unknown field with
// nothing stored, and a legacy value holding now-stripped characters blocks no edit of another field.
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import { mergeUpsert, type RecordState } from '../../src/server/sync-service/merge.ts';
import {
  AREAS,
  BACKENDS,
  PASSWORD,
  createHousehold,
  newHousehold,
  newPerson,
  upsert,
  useServer,
  type Api,
  type Backend,
  useLegacyRecord,
} from '../support/server.ts';

const NFD = (s: string) => s.normalize('NFD');
const NAME = 'Nguyễn Thị Ánh Tuyết';

const rejectedInvalid = (id: string, detail: string) => ({
  id,
  status: 'rejected',
  error: { code: 'invalid', message: expect.stringContaining(detail) },
});

/** A push body written as JSON text, so that `"__proto__"` arrives as JSON.parse makes it: an own key. */
function rawPush(api: Api, mutation: Mutation, extraFields: string) {
  const body = JSON.stringify({ deviceId: api.deviceId, mutations: [mutation] });
  const fields = JSON.stringify(mutation.fields);
  const withExtra = body.replace(fields, `${fields.slice(0, -1)},${extraFields}}`);
  expect(withExtra).not.toBe(body);
  return api.request<{ results: unknown[] }>('POST', '/api/sync/push', { raw: withExtra });
}

describe.each(BACKENDS)('[R9] free text on push, on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol1b'] });

  it.each([
    ['a zero-width space', '\u200B'],
    ['zero-width joiners, a BOM and a word joiner', '\u200C\u200D\uFEFF\u2060'],
    ['bidi controls and a soft hyphen', '\u202E\u2066\u200F\u00AD'],
    ['a Hangul filler and no-break spaces', '\u3164\u00A0\u3000'],
  ])(
    '[R10] a new household whose head name is only %s is rejected invalid (required); nothing is stored',
    async (_l, name) => {
      const { vol1 } = t.world;
      const m = newHousehold(AREAS.village1, { headName: name });
      expect(await vol1.pushOne(m)).toEqual(rejectedInvalid(m.id, 'headName: required'));
      expect(await vol1.record(m.entityId)).toBeUndefined();
    },
  );

  it('[R10] an edit that blanks a member’s name with a zero-width space is rejected; the member is unchanged', async () => {
    const { vol1 } = t.world;
    const h = await createHousehold(vol1, AREAS.village1);
    const p = newPerson(h);
    expect(await vol1.pushOne(p)).toMatchObject({ status: 'applied', version: 1 });
    const m = upsert('person', p.entityId, { fullName: '\u200B', note: 'x' }, 1);
    expect(await vol1.pushOne(m)).toEqual(rejectedInvalid(m.id, 'fullName: required'));
    expect((await vol1.record(p.entityId))!.version).toBe(1);
  });

  it('[R11] an NFD name is stored NFC; a resend in NFD is unchanged (no new version), from any phone', async () => {
    const { vol1, vol1b } = t.world;
    const m = newHousehold(AREAS.village1, { headName: NFD(NAME), address: NFD('Xóm Đình, thôn Đông') });
    expect(NFD(NAME)).not.toBe(NAME);
    expect(await vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 1 });
    expect((await vol1.record(m.entityId))!.data).toMatchObject({
      headName: NAME,
      address: 'Xóm Đình, thôn Đông',
    });

    const again = upsert('household', m.entityId, { headName: NFD(NAME) }, 1);
    expect(await vol1.pushOne(again)).toEqual({ id: again.id, status: 'applied', version: 1 });
    // Another volunteer's phone that never saw the record: the same name is no conflict either.
    const other = upsert('household', m.entityId, { headName: `${NFD(NAME)}\u200B`, note: 'đã gặp' }, 0);
    expect(await vol1b.pushOne(other)).toEqual({ id: other.id, status: 'applied', version: 2 });
    expect((await vol1.record(m.entityId))!.data).toMatchObject({ headName: NAME, note: 'đã gặp' });
  });

  it('[R9] a right-to-left override inside a name is stripped: stored and pulled in logical order', async () => {
    const { vol1 } = t.world;
    const m = newHousehold(AREAS.village1, {
      headName: 'Trần Văn \u202EnA\u202C',
      phone: '\u202A0912 345 678\u202C',
      note: 'gặp\u200B cả nhà \u{1F468}\u200D\u{1F469}\u200D\u{1F467}\r\nhẹn lại',
    });
    expect(await vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 1 });
    expect((await vol1.record(m.entityId))!.data).toMatchObject({
      headName: 'Trần Văn nA',
      phone: '0912 345 678',
      note: 'gặp cả nhà \u{1F468}\u200D\u{1F469}\u200D\u{1F467}\nhẹn lại',
    });
  });

  it('[R10] 100 letters in NFD fit a name; 101 are too long', async () => {
    const { vol1 } = t.world;
    const ok = newHousehold(AREAS.village1, { headName: NFD('ễ').repeat(100) });
    expect(await vol1.pushOne(ok)).toMatchObject({ status: 'applied' });
    expect((await vol1.record(ok.entityId))!.data!.headName).toBe('ễ'.repeat(100));
    const long = newHousehold(AREAS.village1, { headName: NFD('ễ').repeat(101) });
    expect(await vol1.pushOne(long)).toEqual(rejectedInvalid(long.id, 'headName: too_long'));
  });

  it('[R12] NUL in a name is still rejected invalid', async () => {
    const { vol1 } = t.world;
    const m = newHousehold(AREAS.village1, { headName: 'An\u0000' });
    expect(await vol1.pushOne(m)).toEqual(rejectedInvalid(m.id, 'NUL'));
    expect(await vol1.record(m.entityId)).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    '[R13] a raw JSON `%s` key in a new record’s fields is rejected invalid "unknown field"; nothing is stored',
    async (key) => {
      const { vol1 } = t.world;
      const m = newHousehold(AREAS.village1);
      const res = await rawPush(vol1, m, `"${key}":{"polluted":true,"headName":"Kẻ giả"}`);
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([rejectedInvalid(m.id, `unknown field: ${key}`)]);
      expect(await vol1.record(m.entityId)).toBeUndefined();
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    },
  );

  it('[R13] a raw JSON `__proto__` key in an edit is rejected; the record keeps its version and values', async () => {
    const { vol1 } = t.world;
    const h = await createHousehold(vol1, AREAS.village1);
    const before = await vol1.record(h);
    const m = upsert('household', h, { address: 'Số 9' }, 1);
    const res = await rawPush(vol1, m, `"__proto__":{"headName":"Kẻ giả"}`);
    expect(res.body.results).toEqual([rejectedInvalid(m.id, 'unknown field: __proto__')]);
    expect(await vol1.record(h)).toEqual(before);
    // Sent again as a retry, the same answer (exactly once).
    expect((await rawPush(vol1, m, `"__proto__":{"headName":"Kẻ giả"}`)).body.results).toEqual(
      res.body.results,
    );
  });
});

describe.each(BACKENDS)('[R9] user and area names, on %s', (backend) => {
  const t = useServer(backend, { users: [] });

  it('[A18] a user named only a zero-width space is refused; an NFD name with an override is stored clean', async () => {
    const { admin } = t.world;
    const blank = await admin.post('/api/admin/users', {
      name: '\u200B\u202E',
      phone: '0933000001',
      password: PASSWORD,
      role: 'admin',
      areaIds: [],
    });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('name: required');
    const ok = await admin.post<{ user: { name: string } }>('/api/admin/users', {
      name: NFD(`  ${NAME}\u202E `),
      phone: '0933000002',
      password: PASSWORD,
      role: 'admin',
      areaIds: [],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.user.name).toBe(NAME);
  });

  it('[A2] an area name is cleaned the same way, and counted as a person sees it', async () => {
    const { admin } = t.world;
    const res = await admin.post<{ area: { name: string } }>('/api/admin/areas', {
      id: 'thon-text',
      kind: 'village',
      name: NFD('Thôn\u00A0\u200BĐông\u2066'),
      parentId: AREAS.communeA,
    });
    expect(res.status).toBe(201);
    expect(res.body.area.name).toBe('Thôn Đông');
    const blank = await admin.post('/api/admin/areas', { kind: 'commune', name: '\u2060' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('name: required');
    // 100 letters in NFD are 100 characters; the phones' profile (max 100 code units) reads them.
    const long = await admin.post<{ area: { name: string } }>('/api/admin/areas', {
      kind: 'commune',
      name: NFD('ễ').repeat(100),
    });
    expect(long.status).toBe(201);
    expect(long.body.area.name).toBe('ễ'.repeat(100));
  });
});

/**
 * A household stored before the rule with a zero-width space and an override in its head name: pushed
 * clean, then rewritten in the store as an older server version kept it, between two runs of the server.
 */
describe.each(BACKENDS)('[R8] a legacy head name with now-stripped characters, on %s', (backend: Backend) => {
  const LEGACY = 'Lê\u200B Văn \u202EĐức';
  const t = useLegacyRecord(backend, {
    field: 'headName',
    value: LEGACY,
    make: (world) => createHousehold(world.vol1, AREAS.village1),
  });

  it('[R8] an edit of another field, sending the legacy name unchanged, is applied and keeps it', async () => {
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ headName: LEGACY });
    const m = upsert('household', t.id, { headName: LEGACY, note: 'đã gặp' }, 1);
    expect(await t.vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 2 });
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ headName: LEGACY, note: 'đã gặp' });
  });

  it('[R8] writing the name anew stores it clean', async () => {
    const m = upsert('household', t.id, { headName: 'Lê Văn Đức' }, 2);
    expect(await t.vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 3 });
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ headName: 'Lê Văn Đức' });
  });
});

describe('[R11] mergeUpsert compares after the text rule, and reads only field names', () => {
  const stored = (headName: string): RecordState => ({
    version: 2,
    data: { villageId: 'thon-dong', address: 'Xóm Đình', headName },
    fieldVersions: { headName: { v: 2, device: 'phone-b' } },
    deleted: false,
  });
  const edit = (state: RecordState, fields: Record<string, unknown>) =>
    mergeUpsert(state, { entity: 'household', baseVersion: 1, fields, device: 'phone-a', user: 'user-a' });

  it.each([
    ['NFD', NFD(NAME)],
    ['with a zero-width space', `${NAME}\u200B`],
    ['with bidi marks and extra spaces', `\u200E ${NAME.replace(' ', '  ')}\u200F`],
  ])('[R11] the stored name resent %s by a phone behind is unchanged, not a conflict', (_label, headName) => {
    expect(edit(stored(NAME), { headName })).toEqual({ kind: 'unchanged', version: 2, conflicts: [] });
  });

  it('[P8] a different name from a phone behind is still a conflict, reported normalised', () => {
    expect(edit(stored(NAME), { headName: NFD('Trần Văn Bình') })).toEqual({
      kind: 'unchanged',
      version: 2,
      conflicts: [{ field: 'headName', server: NAME, client: 'Trần Văn Bình' }],
    });
  });

  it('[R8] a legacy value sent as stored is not judged; other fields are written', () => {
    const d = edit(stored('\u200B'), { headName: '\u200B', address: 'Số 9' });
    expect(d.kind === 'write' && d.written).toEqual(['address']);
    expect(d.kind === 'write' && d.next.data.headName).toBe('\u200B');
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString'])('[R13] a `%s` field is unknown', (key) => {
    const fields = JSON.parse(`{"address":"Số 9","${key}":{"headName":"Kẻ giả"}}`) as Record<string, unknown>;
    expect(edit(stored(NAME), fields)).toEqual({
      kind: 'rejected',
      code: 'invalid',
      message: `unknown field: ${key}`,
    });
    expect(
      mergeUpsert(null, { entity: 'household', baseVersion: 0, fields, device: 'phone-a', user: 'user-a' }),
    ).toMatchObject({
      kind: 'rejected',
      message: `unknown field: ${key}`,
    });
  });
});
