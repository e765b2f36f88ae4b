// SYNC-API.md "Importing household lists": a village's list checked against the server (nothing written)
// and applied through the push's merge, by whoever manages the village's commune and nobody else;
// matched so that importing the same list again changes nothing and a corrected list changes only
// what it corrects.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { householdKey } from '../../src/domain/import/keys.ts';
import type {
  ImportApplyResponse,
  ImportCheckResponse,
  ImportHouseholdInput,
} from '../../src/domain/import/wire.ts';
import type { Change } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  Api,
  BACKENDS,
  PASSWORD,
  auditTrail,
  createHousehold,
  createChild,
  expectError,
  newPerson,
  upsert,
  useServer,
  runCli,
} from '../support/server.ts';

type Member = ImportHouseholdInput['members'][number];
type MemberFields = Member['fields'];
type HouseholdFields = ImportHouseholdInput['fields'];

let serial = 0;
/** A valid ID number never used before in this file: Hà Nội (001), a man born in the 1900s (0), 1980. */
const newIdNumber = () => `001080${String(++serial).padStart(6, '0')}`;
let row = 1;

function member(fields: Partial<MemberFields> = {}): Member {
  const n = ++serial;
  return {
    row: ++row,
    fields: {
      fullName: `Người Số ${n}`,
      birthDate: '1980-05-17',
      gender: 'male',
      relation: 'child',
      idNumber: newIdNumber(),
      cccdStatus: 'none',
      vneidStatus: 'none',
      ...fields,
    },
  };
}

/** A household of the file: its head first, as checkImport makes them. */
function household(fields: Partial<HouseholdFields> = {}, others = 2): ImportHouseholdInput {
  const n = ++serial;
  const headName = fields.headName ?? `Nguyễn Văn Chủ ${n}`;
  const head = member({ fullName: headName, relation: 'head', birthDate: '1970-03-12' });
  const members = [head, ...Array.from({ length: others }, () => member())];
  const f = { address: `Số ${n}, xóm Chùa`, householdCode: `HĐ${n}`, ...fields, headName };
  return { key: householdKey(f), rows: members.map((m) => m.row), fields: f, members };
}

const clone = <T>(v: T): T => structuredClone(v);

interface Village {
  id: string;
  name: string;
}

describe.each(BACKENDS)('importing household lists on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol3', 'police', 'policeB'] });

  let villageSeq = 0;
  /** A new village of commune A (by its police), and a volunteer of it signed in on a phone. */
  async function freshVillage(): Promise<{ village: Village; volunteer: Api }> {
    const created = await t.world.police.post<{ village: Village }>('/api/manage/villages', {
      communeId: AREAS.communeA,
      name: `Thôn Nhập ${++villageSeq}`,
    });
    expect(created.status, created.text).toBe(201);
    const phone = `0977${String(100000 + villageSeq).slice(-6)}`;
    const res = await t.world.police.post('/api/manage/volunteers', {
      name: 'Đinh Thị Hoa',
      phone,
      villageIds: [created.body.village.id],
      password: PASSWORD,
    });
    expect(res.status, res.text).toBe(201);
    return { village: created.body.village, volunteer: await new Api(t.url).login(phone, PASSWORD) };
  }

  const check = (api: Api, villageId: string, households: ImportHouseholdInput[]) =>
    api.post<ImportCheckResponse>('/api/manage/import/check', { villageId, households });
  const apply = (
    api: Api,
    villageId: string,
    households: ImportHouseholdInput[],
    importId: string = randomUUID(),
  ) => api.post<ImportApplyResponse>('/api/manage/import/apply', { villageId, importId, households });
  async function applied(api: Api, villageId: string, households: ImportHouseholdInput[]) {
    const res = await apply(api, villageId, households);
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  const manageAudit = async () => {
    const res = await t.world.admin.get<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      '/api/manage/audit?limit=200',
    );
    expect(res.status, res.text).toBe(200);
    return res.body.entries;
  };
  const byId = (changes: readonly Change[]) => new Map(changes.map((c) => [c.entityId, c]));

  it('[M40] [M1] [M3] volunteers are refused, and police of another commune find no village there', async () => {
    const { village, volunteer } = await freshVillage();
    const { cursor } = await volunteer.pullAll();
    const before = (await manageAudit()).length;
    const list = [household()];
    for (const api of [t.world.vol1, volunteer]) {
      expectError(await check(api, village.id, list), 403, 'forbidden');
      expectError(await apply(api, village.id, list), 403, 'forbidden');
    }
    for (const villageId of [village.id, AREAS.village1, 'thon-khong-co']) {
      expectError(await check(t.world.policeB, villageId, list), 404, 'not_found');
      expectError(await apply(t.world.policeB, villageId, list), 404, 'not_found');
    }
    expectError(await apply(t.world.police, AREAS.village3, list), 404, 'not_found');
    expectError(
      await t.world.anon.post('/api/manage/import/check', { villageId: village.id }),
      401,
      'unauthenticated',
    );
    // [E7] Nothing of it was written.
    expect((await volunteer.pullAll(cursor)).changes).toEqual([]);
    expect(await manageAudit()).toHaveLength(before);
    // The admin manages every commune.
    expect((await check(t.world.admin, AREAS.village3, list)).status).toBe(200);
  });

  it('[M40] an archived village takes no import', async () => {
    const created = await t.world.police.post<{ village: Village }>('/api/manage/villages', {
      communeId: AREAS.communeA,
      name: 'Thôn Cũ',
    });
    const id = created.body.village.id;
    const archived = await t.world.police.request('PATCH', `/api/manage/villages/${id}`, {
      json: { archived: true },
    });
    expect(archived.status, archived.text).toBe(200);
    expectError(await check(t.world.police, id, [household()]), 400, 'invalid_request');
    expectError(await apply(t.world.police, id, [household()]), 400, 'invalid_request');
  });

  it('[M41] a body of no household, of 501, or with a bad field is 400 naming the field', async () => {
    const { village } = await freshVillage();
    const naming = async (body: unknown, field: string) => {
      for (const path of ['/api/manage/import/check', '/api/manage/import/apply']) {
        const res = await t.world.police.post<{ error: { message: string } }>(path, body);
        expectError(res, 400, 'invalid_request');
        expect(res.body.error.message).toContain(field);
      }
    };
    const ok = { villageId: village.id, importId: randomUUID() };
    await naming({ ...ok, households: [] }, 'households');
    const many = Array.from({ length: 501 }, () => household({}, 0));
    await naming({ ...ok, households: many }, 'households');
    // 500 is the limit, not over it.
    expect((await check(t.world.police, village.id, many.slice(0, 500))).status).toBe(200);
    const future = household();
    future.members[1]!.fields.birthDate = '2099-01-01';
    await naming({ ...ok, households: [future] }, 'households.0.members.1.fields.birthDate');
    const badId = household();
    badId.members[0]!.fields.idNumber = '999080000001';
    await naming({ ...ok, households: [badId] }, 'households.0.members.0.fields.idNumber');
    const unknown = household();
    (unknown.members[0]!.fields as Record<string, unknown>).cccdIssuedOn = '2020-01-01';
    await naming({ ...ok, households: [unknown] }, 'households.0.members.0.fields');
    const noAddress = household();
    (noAddress.fields as Record<string, unknown>).address = '  ';
    await naming({ ...ok, households: [noAddress] }, 'households.0.fields.address');
    const res = await apply(t.world.police, village.id, [household()], 'not-a-uuid');
    expectError(res, 400, 'invalid_request');
    expect((res.body as unknown as { error: { message: string } }).error.message).toContain('importId');
  });

  it('[M42] a check writes nothing: no record, no audit entry, nothing new to pull', async () => {
    const { village, volunteer } = await freshVillage();
    const stored = await createHousehold(volunteer, village.id);
    const { cursor } = await volunteer.pullAll();
    const trail = await auditTrail(t.world.admin, stored);
    const managed = (await manageAudit()).length;
    const list = [household(), household({}, 0)];
    const res = await check(t.world.police, village.id, list);
    expect(res.status, res.text).toBe(200);
    expect(res.body.households.map((h) => [h.key, h.action, h.householdId, h.problems])).toEqual(
      list.map((h) => [h.key, 'create', null, []]),
    );
    expect(res.body.households[0]!.members).toEqual(
      list[0]!.members.map((m) => ({ row: m.row, action: 'create', personId: null, changed: [] })),
    );
    expect((await volunteer.pullAll(cursor)).changes).toEqual([]);
    expect(await auditTrail(t.world.admin, stored)).toEqual(trail);
    expect(await manageAudit()).toHaveLength(managed);
  });

  it('[M46] [M48] an apply creates what the village phones then pull, audited under the officer and their device', async () => {
    const { village, volunteer } = await freshVillage();
    const { cursor } = await volunteer.pullAll();
    const list = [household(), household({ phone: '0912 345 678' }, 3)];
    list[0]!.members[1]!.fields = { ...list[0]!.members[1]!.fields, cccdStatus: 'issued', note: 'Đã gặp' };
    const importId = randomUUID();
    const res = await apply(t.world.police, village.id, list, importId);
    expect(res.status, res.text).toBe(200);
    expect(res.body.counts).toEqual({
      households: { created: 2, updated: 0, unchanged: 0 },
      persons: { created: 7, updated: 0, unchanged: 0 },
      skippedRows: 0,
    });
    const pulled = byId((await volunteer.pullAll(cursor)).changes);
    expect(pulled.size).toBe(9);
    for (const [i, h] of res.body.households.entries()) {
      expect(h.action).toBe('create');
      const stored = pulled.get(h.householdId!);
      expect(stored?.data).toMatchObject({ ...list[i]!.fields, villageId: village.id });
      for (const [j, m] of h.members.entries()) {
        expect(m).toMatchObject({ row: list[i]!.members[j]!.row, action: 'create' });
        expect(pulled.get(m.personId!)?.data).toMatchObject({
          ...list[i]!.members[j]!.fields,
          householdId: h.householdId,
        });
      }
    }
    // [A22] Each record's audit names the officer and the device of their token.
    const householdId = res.body.households[0]!.householdId!;
    const trail = await auditTrail(t.world.admin, householdId);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      op: 'create',
      userId: t.world.police.userId,
      deviceId: t.world.police.deviceId,
    });
    expect(pulled.get(householdId)?.data).toMatchObject({ updatedBy: t.world.police.userId });
    // [M48] One entry on the managers' trail, with counts and no citizen's data.
    const entry = (await manageAudit())[0]!;
    expect(entry).toMatchObject({
      action: 'import.apply',
      actorId: t.world.police.userId,
      deviceId: t.world.police.deviceId,
      communeId: AREAS.communeA,
      targetAreaId: village.id,
      details: { villageId: village.id, importId, counts: res.body.counts },
    });
    const text = JSON.stringify(entry);
    for (const h of list) {
      expect(text).not.toContain(h.fields.headName);
      for (const m of h.members) expect(text).not.toContain(m.fields.idNumber);
    }
  });

  it('[M47] importing the same list again changes nothing: versions, audit and pull stay as they were', async () => {
    const { village, volunteer } = await freshVillage();
    const list = [household(), household({}, 1), household({ householdCode: undefined })];
    const first = await applied(t.world.police, village.id, list);
    const { cursor, changes } = await volunteer.pullAll();
    const ids = first.households.flatMap((h) => [h.householdId!, ...h.members.map((m) => m.personId!)]);
    const trails = await Promise.all(ids.map((id) => auditTrail(t.world.admin, id)));
    const again = await applied(t.world.police, village.id, clone(list));
    expect(again.counts).toEqual({
      households: { created: 0, updated: 0, unchanged: 3 },
      persons: { created: 0, updated: 0, unchanged: 8 },
      skippedRows: 0,
    });
    expect(again.households.map((h) => h.householdId)).toEqual(first.households.map((h) => h.householdId));
    expect(again.households.flatMap((h) => h.members.map((m) => m.personId))).toEqual(
      first.households.flatMap((h) => h.members.map((m) => m.personId)),
    );
    expect((await volunteer.pullAll(cursor)).changes).toEqual([]);
    expect(await Promise.all(ids.map((id) => auditTrail(t.world.admin, id)))).toEqual(trails);
    expect((await volunteer.pullAll()).changes).toEqual(changes);
    // The same list in capitals, its phone numbers otherwise spaced: still the same people.
    const shouting = clone(list);
    for (const h of shouting) {
      h.fields.headName = h.fields.headName.toUpperCase();
      for (const m of h.members) m.fields.fullName = m.fields.fullName.toUpperCase();
    }
    const checked = await check(t.world.police, village.id, shouting);
    expect(checked.body.households.map((h) => h.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('[M44] a corrected list changes only the census fields it corrects, never a stored person’s statuses or note', async () => {
    const { village, volunteer } = await freshVillage();
    const list = [household({ phone: '0912345678' })];
    const first = await applied(t.world.police, village.id, list);
    const householdId = first.households[0]!.householdId!;
    const [headId, spouseId, childId] = first.households[0]!.members.map((m) => m.personId!);
    // The working group's own work on the phone: a card issued, a note.
    const snapshot = await volunteer.snapshot();
    const spouse = snapshot.get(spouseId!)!;
    const r = await volunteer.pushOne(
      upsert('person', spouseId!, { cccdStatus: 'issued', note: 'Hẹn làm VNeID' }, spouse.version),
    );
    expect(r.status).toBe('applied');
    const { cursor } = await volunteer.pullAll();

    const corrected = clone(list);
    corrected[0]!.fields.address = 'Số 9, xóm Đình';
    delete corrected[0]!.fields.phone; // a blank cell clears nothing
    corrected[0]!.members[1]!.fields = {
      ...corrected[0]!.members[1]!.fields,
      phone: '0987654321',
      cccdStatus: 'lost',
      vneidStatus: 'level1',
      note: 'Ghi chú của tệp',
    };
    const preview = await check(t.world.police, village.id, corrected);
    expect(preview.body.households[0]).toMatchObject({
      action: 'update',
      householdId,
      changed: ['address'],
      members: [
        { personId: headId, action: 'unchanged', changed: [] },
        { personId: spouseId, action: 'update', changed: ['phone'] },
        { personId: childId, action: 'unchanged', changed: [] },
      ],
    });
    const res = await applied(t.world.police, village.id, corrected);
    expect(res.counts).toEqual({
      households: { created: 0, updated: 1, unchanged: 0 },
      persons: { created: 0, updated: 1, unchanged: 2 },
      skippedRows: 0,
    });
    const pulled = byId((await volunteer.pullAll(cursor)).changes);
    expect([...pulled.keys()].sort()).toEqual([householdId, spouseId].sort());
    expect(pulled.get(householdId)?.data).toMatchObject({ address: 'Số 9, xóm Đình', phone: '0912345678' });
    expect(pulled.get(spouseId!)?.data).toMatchObject({
      phone: '0987654321',
      cccdStatus: 'issued',
      vneidStatus: 'none',
      note: 'Hẹn làm VNeID',
    });
    const trail = await auditTrail(t.world.admin, spouseId!);
    expect(trail.at(-1)).toMatchObject({ op: 'update', userId: t.world.police.userId });
    expect(Object.keys(trail.at(-1)!.changes)).toEqual(['phone']);
  });

  it('[M43] a household is found by its code, else by its head, else by its head’s name and address', async () => {
    const { village, volunteer } = await freshVillage();
    const byCode = await createHousehold(volunteer, village.id, {
      householdCode: 'hđ-77',
      headName: 'Lê Văn Tám',
      address: 'Xóm 3',
    });
    const byHead = await createHousehold(volunteer, village.id, {
      headName: 'Phạm Thị Chín',
      address: 'Xóm 4',
    });
    const headId = newIdNumber();
    await createChild(
      volunteer,
      newPerson(byHead, {
        fullName: 'Phạm Thị Chín',
        birthDate: '1966-01-02',
        gender: 'female',
        relation: 'head',
        idNumber: headId,
      }),
    );
    const byName = await createHousehold(volunteer, village.id, {
      headName: 'Vũ Văn Mười',
      address: 'Xóm 5',
    });
    const otherCode = await createHousehold(volunteer, village.id, {
      householdCode: 'HĐ-01',
      headName: 'Đỗ Văn Một',
      address: 'Xóm 6',
    });

    const code = household({ householdCode: 'HĐ-77', headName: 'Lê Văn Tám Mới', address: 'Xóm 3' }, 0);
    const head = household(
      { householdCode: undefined, headName: 'Phạm Thị Chín', address: 'Thôn mới, xóm 4' },
      0,
    );
    head.members[0]!.fields = {
      ...head.members[0]!.fields,
      birthDate: '1966-01-02',
      gender: 'female',
      idNumber: headId,
    };
    const name = household({ householdCode: undefined, headName: 'VŨ VĂN MƯỜI', address: 'xóm 5' }, 0);
    // Same head and address as a stored household, but another household code: another household.
    const split = household({ householdCode: 'HĐ-02', headName: 'Đỗ Văn Một', address: 'Xóm 6' }, 0);
    const res = await check(t.world.police, village.id, [code, head, name, split]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.households.map((h) => [h.action, h.householdId, h.changed])).toEqual([
      ['update', byCode, ['headName']],
      ['update', byHead, ['address']],
      ['unchanged', byName, []],
      ['create', null, []],
    ]);
    expect(res.body.households.map((h) => h.householdId)).not.toContain(otherCode);
    // The stored head matched by their ID number.
    expect(res.body.households[1]!.members[0]!.action).toBe('unchanged');
  });

  it('[M45] a row whose ID number is held in another household (of any commune), or whose name and birth date is, is left out', async () => {
    const { village, volunteer } = await freshVillage();
    const stored = await createHousehold(volunteer, village.id);
    const heldHere = newIdNumber();
    await createChild(
      volunteer,
      newPerson(stored, { fullName: 'Hoàng Thị Năm', birthDate: '1990-09-09', idNumber: heldHere }),
    );
    const heldByHead = newIdNumber();
    await createChild(
      volunteer,
      newPerson(stored, { fullName: 'Hoàng Văn Sáu', birthDate: '1991-01-01', idNumber: heldByHead }),
    );
    const heldFar = newIdNumber();
    const far = await createHousehold(t.world.vol3, AREAS.village3);
    await createChild(t.world.vol3, newPerson(far, { idNumber: heldFar }));

    const list = household({}, 4);
    const [, here, namesake, farAway, twice] = list.members;
    here!.fields.idNumber = heldHere;
    namesake!.fields = { ...namesake!.fields, fullName: 'HOÀNG THỊ NĂM', birthDate: '1990-09-09' };
    delete namesake!.fields.idNumber;
    farAway!.fields.idNumber = heldFar;
    twice!.fields.idNumber = here!.fields.idNumber;
    // The head's ID number is held elsewhere: the whole household waits.
    const headless = household({}, 1);
    headless.members[0]!.fields.idNumber = heldByHead;

    const villageName = (await t.world.admin.get<{ areas: Village[] }>('/api/areas')).body.areas.find(
      (a) => a.id === village.id,
    )!.name;
    const expected = [
      { row: here!.row, field: 'idNumber', message: `Số định danh đã có ở hộ khác (${villageName})` },
      {
        row: namesake!.row,
        field: 'fullName',
        message: 'Trùng họ tên và ngày sinh với một người ở hộ khác trong thôn',
      },
      // Held in another commune: said, without naming that commune's village ([M3]).
      { row: farAway!.row, field: 'idNumber', message: 'Số định danh đã có ở hộ khác (ở xã, phường khác)' },
      { row: twice!.row, field: 'idNumber', message: `Số định danh trùng với dòng ${here!.row}` },
    ];
    const preview = await check(t.world.police, village.id, [list, headless]);
    expect(preview.body.households[0]!.problems).toEqual(expected);
    expect(preview.body.households[0]!.members.map((m) => m.row)).toEqual([list.members[0]!.row]);
    const res = await applied(t.world.police, village.id, [list, headless]);
    expect(res.households[0]!.problems).toEqual(expected);
    expect(res.households[0]).toMatchObject({ action: 'create', members: [{ action: 'create' }] });
    const [head, other] = headless.members;
    expect(res.households[1]).toEqual({
      key: headless.key,
      action: 'unchanged',
      householdId: null,
      members: [],
      problems: [
        { row: head!.row, field: 'idNumber', message: `Số định danh đã có ở hộ khác (${villageName})` },
        {
          row: other!.row,
          field: null,
          message: `Dòng chủ hộ (dòng ${head!.row}) có lỗi nên cả hộ chưa nhập được`,
        },
      ],
    });
    expect(res.counts).toEqual({
      households: { created: 1, updated: 0, unchanged: 0 },
      persons: { created: 1, updated: 0, unchanged: 0 },
      skippedRows: 6,
    });
    const households = [...(await volunteer.snapshot()).values()].filter(
      (c) => c.entity === 'household' && !c.deleted,
    );
    expect(households).toHaveLength(2);
  });

  it('[M47] two applies of one batch at once create each household once', async () => {
    const { village, volunteer } = await freshVillage();
    const list = Array.from({ length: 20 }, () => household());
    const [a, b] = await Promise.all([
      applied(t.world.police, village.id, list),
      applied(t.world.police, village.id, clone(list)),
    ]);
    expect(a.counts.households.created + b.counts.households.created).toBe(20);
    expect(a.counts.households.unchanged + b.counts.households.unchanged).toBe(20);
    expect(a.counts.persons.created + b.counts.persons.created).toBe(60);
    const live = [...(await volunteer.snapshot()).values()].filter((c) => !c.deleted);
    expect(live.filter((c) => c.entity === 'household')).toHaveLength(20);
    expect(live.filter((c) => c.entity === 'person')).toHaveLength(60);
  });
});

// ---------------------------------------------------------------------------------------------------
// The CLI: the same import from a file, on the embedded database (one process per folder: [S8]).

const cli = runCli;

describe('[M49] npm run cli -- import', () => {
  it('[M49] reads a CSV, names the rows it leaves out, checks with --dry-run and applies as the named officer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so06-import-cli-'));
    try {
      const data = join(dir, 'data');
      const ok = async (args: string[]) => {
        const r = await cli(data, args);
        expect(r.code, r.out).toBe(0);
        return r.out;
      };
      await ok(['create-area', '--id', 'xa-cli', '--kind', 'commune', '--name', 'Xã CLI']);
      await ok([
        'create-area',
        '--id',
        'thon-cli',
        '--kind',
        'village',
        '--name',
        'Thôn CLI',
        '--parent',
        'xa-cli',
      ]);
      const file = join(dir, 'ds.csv');
      writeFileSync(
        file,
        [
          'DANH SÁCH HỘ GIA ĐÌNH THÔN CLI',
          '',
          'Mã hộ,Họ tên chủ hộ,Địa chỉ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ,Số định danh cá nhân',
          'H1,Nguyễn Văn An,Xóm 1,Nguyễn Văn An,12/03/1970,Nam,Chủ hộ,001070012345',
          'H1,Nguyễn Văn An,Xóm 1,Trần Thị Bình,05/07/1972,Nữ,Vợ,001172012346',
          'H1,Nguyễn Văn An,Xóm 1,Nguyễn Văn Con,31/02/2001,Nam,Con,',
          'H2,Lê Văn Cường,Xóm 2,Lê Văn Cường,01/01/1960,Nam,Chủ hộ,',
        ].join('\n'),
      );
      const refused = await cli(data, ['import', file, '--village', 'thon-cli']);
      expect(refused.code, refused.out).toBe(2);
      const nobody = await cli(data, ['import', file, '--village', 'thon-cli', '--as', '0966000009']);
      expect(nobody.code, nobody.out).toBe(1);
      // The police of the commune.
      await ok([
        'create-user',
        '--phone',
        '0966000002',
        '--password',
        PASSWORD,
        '--name',
        'Đại úy Công An',
        '--role',
        'police',
        '--areas',
        'xa-cli',
      ]);
      const dry = await ok(['import', file, '--village', 'thon-cli', '--as', '0966000002', '--dry-run']);
      expect(dry).toContain('Dòng 6, cột «Ngày sinh»');
      expect(dry).toMatch(/chưa ghi gì.*tạo mới 2 hộ, 3 người.*bỏ qua 1 dòng/);
      const wet = await ok(['import', file, '--village', 'thon-cli', '--as', '0966000002']);
      expect(wet).toContain('Dòng 6, cột «Ngày sinh»');
      expect(wet).toMatch(/tạo mới 2 hộ, 3 người/);
      const again = await ok(['import', file, '--village', 'thon-cli', '--as', '0966000002']);
      expect(again).toMatch(/tạo mới 0 hộ, 0 người/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
