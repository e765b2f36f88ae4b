// Issue 12 point 4: no key of a mutation or of a server answer can reach a prototype on the phone.
// JSON.parse (and IndexedDB's structured clone after it) keeps `"__proto__"` as an own key; the phone
// copies fields only under the entity's own field names (src/db/server-answers.ts, src/db/write.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { localView } from '../../../src/db/local-view.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import type { OutboxEntry } from '../../../src/db/types.ts';
import { updateRecord } from '../../../src/db/write.ts';
import type { MutationResult } from '../../../src/domain/sync-protocol.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`proto-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const hid = '11111111-1111-4111-8111-111111111111';
const household = { villageId: 'thon-dong', address: 'Xóm Đình', headName: 'Nguyễn Văn Đức' };
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
const polluted = () => ({}) as Record<string, unknown>;

function entry(fields: Record<string, unknown>, baseVersion = 1): OutboxEntry {
  return {
    id: crypto.randomUUID(),
    entity: 'household',
    entityId: hid,
    op: 'upsert',
    baseVersion,
    fields,
    clientTime: '2026-11-22T08:30:00.000Z',
  };
}

describe('no prototype pollution on the phone', () => {
  it('localView: a pending `__proto__`, `constructor` or `prototype` key is no field of the view', () => {
    const pending = entry(
      json('{"address":"Số 9","__proto__":{"headName":"Kẻ giả","polluted":1},"constructor":1,"prototype":2}'),
    );
    const view = localView({ id: hid, entity: 'household', version: 1, data: household }, [pending])!;
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(view).toEqual({ ...household, address: 'Số 9', id: hid, version: 1 });
    expect(view.polluted).toBeUndefined();
    expect(Object.hasOwn(view, 'constructor')).toBe(false);
    expect(polluted().polluted).toBeUndefined();
  });

  it('push results naming `__proto__` as an applied or conflicting field change no copy and no row', async () => {
    await applyPullPage(
      db,
      [{ entity: 'household', entityId: hid, version: 1, deleted: false, data: household }],
      'c-1',
    );
    await updateRecord(db, 'household', hid, { address: 'Số 9' });
    const [sent] = await db.outbox.toArray();
    const result: MutationResult = {
      id: sent!.id,
      status: 'conflict',
      version: 2,
      applied: ['address', '__proto__'],
      conflicts: [
        { field: '__proto__', server: { headName: 'Kẻ giả', polluted: true }, client: null },
        { field: 'constructor', server: { polluted: true }, client: null },
      ],
    };
    await applyPushResults(db, [sent!], [result]);
    // Settled (nothing left in the outbox): the row is the server's state, no copy is kept.
    expect(await db.serverCopies.get(hid)).toBeUndefined();
    const row = (await db.households.get(hid))!;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toMatchObject({ ...household, address: 'Số 9' });
    expect((row as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(polluted().polluted).toBeUndefined();
  });

  it('an applied mutation whose stored fields carry `__proto__` adds nothing to the server copy', async () => {
    await applyPullPage(
      db,
      [{ entity: 'household', entityId: hid, version: 1, deleted: false, data: household }],
      'c-1',
    );
    // Stored as an older phone may have queued it, with the server's copy the write path keeps.
    await db.serverCopies.put({ id: hid, entity: 'household', version: 1, data: household });
    const sent = entry(json('{"address":"Số 7","__proto__":{"headName":"Kẻ giả"}}'));
    await db.outbox.add(sent);
    const [queued] = await db.outbox.toArray();
    expect(Object.keys(queued!.fields)).toContain('__proto__');
    await applyPushResults(db, [queued!], [{ id: sent.id, status: 'applied', version: 2 }]);
    // Settled: the row is rebuilt from the copy the answer completed, and the copy goes.
    expect(await db.serverCopies.get(hid)).toBeUndefined();
    const row = (await db.households.get(hid))! as unknown as Record<string, unknown>;
    expect(row).toMatchObject({ ...household, address: 'Số 7' });
    expect(Object.keys(row)).not.toContain('__proto__');
    expect(row.headName).toBe(household.headName);
    expect(polluted().polluted).toBeUndefined();
  });
});
