// The sealed notebook (issue 16): every table that holds citizens' data round-trips through the seal,
// the same day of work gives the same notebook sealed or plain, and a raw read of IndexedDB (opened
// without the app) finds none of the seeded names, birth dates, phones, ID numbers, addresses or notes
// — where the same read of the plain notebook finds every one of them. Locked, nothing is read or
// written; a plain notebook from before the PIN is sealed in place with its pending edits; wrong
// PINs are counted up to the online sign-in.
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookLock, NotebookLocked } from '../../../src/db/crypto/notebook-lock.ts';
import {
  MAX_PIN_FAILURES,
  changeNotebookPin,
  disableDeviceUnlock,
  enableDeviceUnlock,
  pinFailures,
  readKeyring,
  recoverWithNewPin,
  sealNotebook,
  unlockByDevice,
  unlockByPin,
} from '../../../src/db/crypto/notebook-keys.ts';
import { NotebookDb, notebookOf, notebookTables } from '../../../src/db/db.ts';
import { fold } from '../../../src/domain/fold.ts';
import { getHousehold, outboxEntries, personsWithIdNumber } from '../../../src/db/queries.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import { createRecord, updateRecord } from '../../../src/db/write.ts';
import { wipeNotebook } from '../../../src/db/wipe.ts';
import { saveReviewAreas } from '../../../src/db/review-cache.ts';

const FAST = 1000;
const PIN = '482915';
const dbs: NotebookDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.delete()));
});

function notebook(lock?: NotebookLock): NotebookDb {
  const db = new NotebookDb(`sealed-${crypto.randomUUID()}`, lock ? { lock } : {});
  dbs.push(db);
  return db;
}

/** A sealed, unlocked notebook. */
async function sealed(): Promise<NotebookDb> {
  const db = notebook(new NotebookLock('locked'));
  expect(await sealNotebook(db, PIN, crypto.getRandomValues(new Uint8Array(32)), FAST)).toBe('sealed');
  return db;
}

const H1 = '11111111-1111-4111-8111-111111111111';
const P1 = '22222222-2222-4222-8222-222222222222';
const VILLAGE = 'thon-9'; // an area's id: not a citizen's data, and kept in the clear

/** What the day below writes that no one may read from the raw storage. */
const SECRETS = {
  names: ['Trần Văn Khải', 'Phạm Thị Huệ', 'Đỗ Minh Quang', 'Hoàng Thị Nguyệt'],
  birthDates: ['1975-06-21', '1979-11-02', '2011-04-30'],
  idNumbers: ['034075001234', '034179005678'],
  phones: ['0987654321', '0912000111'],
  other: ['Xóm Chùa Đông', 'HK7788991', 'bán hàng ở chợ Bến Thành', 'chuyển về Hải Phòng'],
};
const NEEDLES = [
  ...Object.values(SECRETS).flat(),
  // Folded too: the search words are the folded words of names and addresses (long enough that
  // random bytes do not spell them by chance); notes are not folded.
  ...['Trần Văn Khải', 'Đỗ Minh Quang', 'Xóm Chùa Đông']
    .flatMap((n) => fold(n).split(' '))
    .filter((w) => w.length >= 4),
];

/** One day of a volunteer's work: a pull, creations, quick and full edits, a conflict, a rejection. */
async function day(db: NotebookDb): Promise<void> {
  let n = 0;
  const ids = {
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => 1_780_000_000_000 + n,
  };
  await applyPullPage(
    db,
    [
      {
        entity: 'household',
        entityId: H1,
        version: 3,
        deleted: false,
        data: {
          villageId: VILLAGE,
          address: 'Xóm Chùa Đông',
          headName: 'Trần Văn Khải',
          householdCode: 'HK7788991',
        },
      },
      {
        entity: 'person',
        entityId: P1,
        version: 2,
        deleted: false,
        data: {
          householdId: H1,
          fullName: 'Trần Văn Khải',
          birthDate: '1975-06-21',
          gender: 'male',
          relation: 'head',
          idNumber: '034075001234',
          cccdStatus: 'issued',
          vneidStatus: 'level1',
        },
      },
    ],
    'cursor-1',
  );
  const spouse = await createRecord(
    db,
    'person',
    {
      householdId: H1,
      fullName: 'Phạm Thị Huệ',
      birthDate: '1979-11-02',
      gender: 'female',
      relation: 'spouse',
      idNumber: '034179005678',
      cccdStatus: 'none',
      vneidStatus: 'none',
      phone: '0912000111',
    },
    ids,
  );
  if (!spouse.ok) throw new Error(`spouse: ${JSON.stringify(spouse)}`);
  // The quick path (a phone number, a note) and the full one (a name the household's words hold).
  expect(
    await updateRecord(db, 'person', P1, { phone: '0987654321', note: 'bán hàng ở chợ Bến Thành' }, ids),
  ).toMatchObject({ ok: true });
  expect(
    await updateRecord(db, 'household', H1, { headName: 'Trần Văn Khải', note: 'chuyển về Hải Phòng' }, ids),
  ).toMatchObject({ ok: true });
  const child = await createRecord(
    db,
    'person',
    {
      householdId: H1,
      fullName: 'Đỗ Minh Quang',
      birthDate: '2011-04-30',
      gender: 'male',
      relation: 'child',
      cccdStatus: 'none',
      vneidStatus: 'none',
    },
    ids,
  );
  if (!child.ok) throw new Error('child');
  await createRecord(
    db,
    'task',
    {
      householdId: H1,
      personId: P1,
      kind: 'wrong_info',
      note: 'Hoàng Thị Nguyệt khai sai ngày sinh',
      status: 'open',
    },
    ids,
  );
  await createRecord(
    db,
    'visit',
    { householdId: H1, visitedOn: '2026-11-20', outcome: 'met', note: 'gặp Phạm Thị Huệ' },
    ids,
  );
  const [first, second] = await outboxEntries(db);
  await applyPushResults(
    db,
    [first!, second!],
    [
      { id: first!.id, status: 'rejected', error: { code: 'invalid', message: 'x' } },
      {
        id: second!.id,
        status: 'conflict',
        version: 5,
        applied: ['note'],
        conflicts: [{ field: 'phone', server: '0912000111', client: '0987654321' }],
      },
    ],
    ids.now,
  );
  await saveReviewAreas(db, [
    { id: VILLAGE, name: 'Thôn Đông Hòa', kind: 'village', parentId: 'xa-1' },
  ] as never);
  await db.meta.put({ key: 'review:overview:xa-1', value: { devices: [{ volunteer: 'Hoàng Thị Nguyệt' }] } });
}

/** Every table as the app reads it, with the index's local tag left out (it differs by design). */
async function dump(db: NotebookDb) {
  const out: Record<string, unknown[]> = {};
  for (const t of notebookTables(db)) {
    const rows = (await t.toArray()) as unknown as Record<string, unknown>[];
    out[t.name] = rows
      .map(({ _idKey: _, ...r }) => r)
      .filter((r) => r.key !== 'keyring' && r.key !== 'pinFailures');
  }
  return out;
}

/** A read with the persons' index tags left out (the tag is the number in a plain notebook). */
const withoutTags = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === '_idKey' ? undefined : v)));

/** The raw IndexedDB, opened without the app: every store's values as text (bytes as latin1). */
async function rawText(name: string): Promise<string> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const parts: string[] = [];
  for (const store of Array.from(idb.objectStoreNames)) {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const r = idb.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as unknown[]);
      r.onerror = () => reject(r.error);
    });
    parts.push(
      JSON.stringify(rows, (_, v: unknown) =>
        ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1') : v,
      ),
    );
  }
  idb.close();
  return parts.join('\n');
}

describe('a sealed notebook', () => {
  it('reads rows as the first sealing build stored them (the sealed bytes as a Uint8Array)', async () => {
    const db = await sealed();
    await day(db);
    const before = await dump(db);
    // Rewrite every sealed row raw, its `_s` from a one-byte string back to the bytes it spells.
    const idb = db.backendDB();
    let rewritten = 0;
    for (const store of Array.from(idb.objectStoreNames)) {
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const r = idb.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as Record<string, unknown>[]);
        r.onerror = () => reject(r.error);
      });
      const tx = idb.transaction(store, 'readwrite');
      for (const row of rows) {
        if (typeof row._s !== 'string') continue;
        expect([...row._s].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
        tx.objectStore(store).put({ ...row, _s: Uint8Array.from(row._s, (c) => c.charCodeAt(0)) });
        rewritten++;
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    expect(rewritten).toBeGreaterThan(10);
    expect(await dump(db)).toEqual(before);
  });

  it('holds the same day of work as a plain one, table by table, and reads it back the same', async () => {
    const plain = notebook();
    const locked = await sealed();
    await day(plain);
    await day(locked);
    const [a, b] = [await dump(plain), await dump(locked)];
    for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });
    // Every table this day fills is in the comparison: none left empty by accident.
    for (const t of [
      'households',
      'persons',
      'tasks',
      'visits',
      'outbox',
      'serverCopies',
      'conflicts',
      'rejected',
      'meta',
    ])
      expect({ t, rows: a[t]!.length > 0 }).toEqual({ t, rows: true });
    expect(withoutTags(await getHousehold(locked, H1))).toEqual(withoutTags(await getHousehold(plain, H1)));
    // The first screen's plain reads open the same rows.
    const raw = notebookOf(locked).reads;
    expect(await raw.villageRows(VILLAGE)).toEqual(await plain.reads.villageRows(VILLAGE));
    expect(withoutTags(await raw.households([H1]))).toEqual(withoutTags(await plain.reads.households([H1])));
    expect(await raw.all('outbox')).toEqual(await plain.reads.all('outbox'));
    // Dexie's cursors (each(), modify()'s walk) open the rows too.
    const walked: string[] = [];
    await locked.persons.each((p) => walked.push(p.fullName));
    expect(walked.sort()).toEqual((await plain.persons.toArray()).map((p) => p.fullName).sort());
    // The ID number is found by its tag.
    expect((await personsWithIdNumber(locked, '034075001234')).map((p) => p.fullName)).toEqual([
      'Trần Văn Khải',
    ]);
  });

  it('a raw read of its IndexedDB finds no name, birth date, phone, ID number, address or note', async () => {
    const plain = notebook();
    const locked = await sealed();
    await day(plain);
    await day(locked);
    const plainText = await rawText(plain.name);
    const sealedText = await rawText(locked.name);
    // The search can find them: in the plain notebook, every one is there.
    expect(NEEDLES.filter((n) => !plainText.includes(n))).toEqual([]);
    expect(NEEDLES.filter((n) => sealedText.includes(n))).toEqual([]);
    // Not in UTF-8 bytes either (the seal's bytes are read as latin1 above).
    const utf8 = (n: string) => Buffer.from(n, 'utf8').toString('latin1');
    expect(NEEDLES.filter((n) => sealedText.includes(utf8(n)))).toEqual([]);
  });

  it('locked, it reads and writes nothing of a citizen; the keyring and the wrong-PIN count stay readable', async () => {
    const db = await sealed();
    await day(db);
    const before = await db.outbox.count();
    db.lock.lock();
    await expect(db.persons.get(P1)).rejects.toThrow(NotebookLocked);
    await expect(notebookOf(db).reads.villageRows(VILLAGE)).rejects.toThrow(NotebookLocked);
    expect(await updateRecord(db, 'person', P1, { note: 'x' })).toMatchObject({ ok: false, code: 'storage' });
    expect(await updateRecord(db, 'household', H1, { headName: 'Ai đó' })).toMatchObject({
      ok: false,
      code: 'storage',
    });
    expect(await db.outbox.count()).toBe(before);
    expect(await readKeyring(db)).not.toBeNull();
    expect(await pinFailures(db)).toBe(0);
  });
});

describe('a wipe (sign-out, another person, the commune revoking the phone)', () => {
  it('takes the keyring with the data and locks the key in memory: it cannot seal the next notebook', async () => {
    const db = await sealed();
    await day(db);
    // Refused while edits wait (they exist nowhere else): nothing goes, the notebook stays open.
    expect(await wipeNotebook(db)).toMatchObject({ ok: false, code: 'pending' });
    expect(db.lock.state).toBe('open');
    await db.outbox.clear();
    expect(await wipeNotebook(db)).toEqual({ ok: true });
    expect(db.lock.state).toBe('locked');
    expect(await readKeyring(db)).toBeNull();
    // The next person's first write waits for their own PIN: nothing is sealed with the old key.
    expect(
      await createRecord(db, 'household', { villageId: VILLAGE, address: 'Số 1', headName: 'Người Mới' }),
    ).toMatchObject({
      ok: false,
      code: 'storage',
    });
    expect(await sealNotebook(db, '135790', null, FAST)).toBe('sealed');
    expect(
      await createRecord(db, 'household', { villageId: VILLAGE, address: 'Số 1', headName: 'Người Mới' }),
    ).toMatchObject({ ok: true });
  });
});

describe('sealing a plain notebook under a new PIN', () => {
  it('keeps 50 pending edits, in order, with their ids, and their fields readable again', async () => {
    const lock = new NotebookLock('plain');
    const db = notebook(lock);
    await day(db);
    for (let i = 0; i < 46; i++) {
      expect(await updateRecord(db, 'person', P1, { note: `lần ${i}` })).toMatchObject({ ok: true });
    }
    const before = await outboxEntries(db);
    expect(before).toHaveLength(50);
    const tables = await dump(db);
    expect(await sealNotebook(db, PIN, null, FAST)).toBe('sealed');
    expect(lock.state).toBe('open');
    expect(await outboxEntries(db)).toEqual(before);
    expect(await dump(db)).toEqual(tables);
    const text = await rawText(db.name);
    expect(NEEDLES.filter((n) => text.includes(n))).toEqual([]);
    // A second tab's sealing finds it sealed and leaves it alone.
    expect(await sealNotebook(db, '000000', null, FAST)).toBe('already_sealed');
    lock.lock();
    expect(await unlockByPin(db, PIN)).toEqual({ ok: true });
    expect(await outboxEntries(db)).toEqual(before);
  });
});

describe('unlocking', () => {
  it('counts wrong PINs across restarts; at the fifth only recovery opens it, with a new PIN', async () => {
    const recovery = crypto.getRandomValues(new Uint8Array(32));
    const db = notebook(new NotebookLock('locked'));
    await sealNotebook(db, PIN, recovery, FAST);
    await day(db);
    db.lock.lock();
    for (let i = 1; i < MAX_PIN_FAILURES; i++) {
      expect(await unlockByPin(db, '000000')).toEqual({ ok: false, code: 'wrong_pin', failures: i });
    }
    // A restart (a new handle on the same notebook) does not reset the count.
    const again = new NotebookDb(db.name, { lock: new NotebookLock('locked') });
    expect(await pinFailures(again)).toBe(MAX_PIN_FAILURES - 1);
    expect(await unlockByPin(again, '111111')).toEqual({ ok: false, code: 'too_many' });
    expect(await unlockByPin(again, PIN)).toEqual({ ok: false, code: 'too_many' });
    expect(again.lock.state).toBe('locked');
    expect(
      await recoverWithNewPin(again, crypto.getRandomValues(new Uint8Array(32)), '246810', FAST),
    ).toEqual({
      ok: false,
      code: 'wrong_secret',
    });
    expect(await recoverWithNewPin(again, recovery, '246810', FAST)).toEqual({ ok: true });
    expect(await pinFailures(again)).toBe(0);
    expect((await getHousehold(again, H1))!.persons.map((p) => p.fullName).sort()).toEqual(
      // The spouse's creation was rejected in the day's push: it waits among the rejected edits.
      ['Trần Văn Khải', 'Đỗ Minh Quang'].sort(),
    );
    again.lock.lock();
    expect(await unlockByPin(again, PIN)).toMatchObject({ ok: false, code: 'wrong_pin' });
    expect(await unlockByPin(again, '246810')).toEqual({ ok: true });
    again.close();
  });

  it('adds the recovery wrap to a notebook sealed offline at the first unlock that can fetch it', async () => {
    const db = notebook(new NotebookLock('locked'));
    await sealNotebook(db, PIN, null, FAST);
    db.lock.lock();
    expect((await readKeyring(db))!.byRecovery).toBeUndefined();
    const recovery = crypto.getRandomValues(new Uint8Array(32));
    expect(await unlockByPin(db, PIN, () => Promise.reject(new Error('offline')))).toEqual({ ok: true });
    expect((await readKeyring(db))!.byRecovery).toBeUndefined();
    db.lock.lock();
    expect(await unlockByPin(db, PIN, () => Promise.resolve(recovery))).toEqual({ ok: true });
    expect((await readKeyring(db))!.byRecovery).toBeDefined();
    db.lock.lock();
    expect(await recoverWithNewPin(db, recovery, '135790', FAST)).toEqual({ ok: true });
  });

  it('changing the PIN in the settings counts a wrong current PIN; the fifth locks out to recovery', async () => {
    const db = await sealed();
    await day(db);
    const outbox = await outboxEntries(db);
    expect(await changeNotebookPin(db, '000000', '246810', FAST)).toEqual({
      ok: false,
      code: 'wrong_pin',
      failures: 1,
    });
    expect(await changeNotebookPin(db, PIN, '246810', FAST)).toEqual({ ok: true });
    expect(await pinFailures(db)).toBe(0);
    db.lock.lock();
    expect(await unlockByPin(db, PIN)).toMatchObject({ code: 'wrong_pin' });
    expect(await unlockByPin(db, '246810')).toEqual({ ok: true });
    expect(await outboxEntries(db)).toEqual(outbox);
    for (let i = 1; i < MAX_PIN_FAILURES; i++) await changeNotebookPin(db, '000000', '135790', FAST);
    expect(await changeNotebookPin(db, '000000', '135790', FAST)).toEqual({ ok: false, code: 'too_many' });
    expect(await changeNotebookPin(db, '246810', '135790', FAST)).toEqual({ ok: false, code: 'too_many' });
  });
});

describe('the fingerprint unlock (WebAuthn PRF)', () => {
  const device = (prfOutput: Uint8Array<ArrayBuffer>) => ({
    credentialId: 'cred',
    prfInput: 'input',
    prfOutput,
  });

  it('turned on with the PIN, opens the notebook with the same secret; off again, only the PIN does', async () => {
    const db = await sealed();
    await day(db);
    const names = async () => (await getHousehold(db, H1))!.persons.map((p) => p.fullName).sort();
    const before = await names();
    const prf = crypto.getRandomValues(new Uint8Array(32));
    // A wrong PIN never reaches the authenticator, and is counted.
    let asked = 0;
    const enrol = () => {
      asked++;
      return Promise.resolve(device(new Uint8Array(prf)));
    };
    expect(await enableDeviceUnlock(db, '000000', enrol)).toEqual({
      ok: false,
      code: 'wrong_pin',
      failures: 1,
    });
    expect(asked).toBe(0);
    // Cancelled at the authenticator: nothing stored.
    expect(await enableDeviceUnlock(db, PIN, () => Promise.resolve(null))).toEqual({
      ok: false,
      code: 'not_enrolled',
    });
    expect((await readKeyring(db))!.byDevice).toBeUndefined();
    expect(await enableDeviceUnlock(db, PIN, enrol)).toEqual({ ok: true });
    expect(await pinFailures(db)).toBe(0);
    expect((await readKeyring(db))!.byDevice).toMatchObject({ credentialId: 'cred', prfInput: 'input' });

    db.lock.lock();
    expect(await unlockByDevice(db, crypto.getRandomValues(new Uint8Array(32)))).toEqual({
      ok: false,
      code: 'wrong_secret',
    });
    expect(db.lock.state).toBe('locked');
    expect(await unlockByDevice(db, new Uint8Array(prf))).toEqual({ ok: true });
    expect(await names()).toEqual(before);

    await disableDeviceUnlock(db);
    db.lock.lock();
    expect(await unlockByDevice(db, new Uint8Array(prf))).toEqual({ ok: false, code: 'no_keyring' });
    expect(await unlockByPin(db, PIN)).toEqual({ ok: true });
  });

  it('after 5 wrong PINs the fingerprint does not open either: the password is the rule', async () => {
    const db = await sealed();
    const prf = crypto.getRandomValues(new Uint8Array(32));
    expect(await enableDeviceUnlock(db, PIN, () => Promise.resolve(device(new Uint8Array(prf))))).toEqual({
      ok: true,
    });
    db.lock.lock();
    for (let i = 0; i < MAX_PIN_FAILURES; i++) await unlockByPin(db, '000000');
    expect(await unlockByDevice(db, new Uint8Array(prf))).toEqual({ ok: false, code: 'too_many' });
    expect(db.lock.state).toBe('locked');
  });
});
