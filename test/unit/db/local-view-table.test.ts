// The phone's view of a record as tables: the server's last state of it (its server copy) with the
// edits still in the outbox on top, in queue order (src/db/local-view.ts); then the same pair of
// changes, the server's and mine, arriving in both orders (a pull before or after my edit: the view is
// the same); then the server's answers to my edits (applied, conflict, rejected), with what stays
// queued, what the row shows, and the conflict kept with my value (`client`) and theirs (`server`).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotebookDb as Db, ServerCopyRow } from '../../../src/db/db.ts';
import { NotebookDb } from '../../../src/db/db.ts';
import { localView } from '../../../src/db/local-view.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import type { OutboxEntry } from '../../../src/db/types.ts';
import { deleteRecord, updateRecord } from '../../../src/db/write.ts';
import type { Change, MutationResult } from '../../../src/domain/sync-protocol.ts';

const HID = '11111111-1111-4111-8111-111111111111';
const BASE = {
  villageId: 'thon-dong',
  address: 'Số 1, xóm Chùa',
  headName: 'Nguyễn Văn An',
  note: 'Nhà cấp 4',
};

const copy = (version: number, data: Record<string, unknown>): ServerCopyRow => ({
  id: HID,
  entity: 'household',
  version,
  data,
});

let seq = 0;
const queued = (fields: Record<string, unknown>, op: 'upsert' | 'delete' = 'upsert'): OutboxEntry => ({
  id: crypto.randomUUID(),
  entity: 'household',
  entityId: HID,
  op,
  baseVersion: 2,
  fields,
  clientTime: '2026-11-20T03:00:00.000Z',
  seq: ++seq,
});

describe('localView: the server copy, then my queued edits', () => {
  it.each<[string, ServerCopyRow | undefined, OutboxEntry[], Record<string, unknown> | null]>([
    ['nothing known: no record', undefined, [], null],
    ['the server copy alone, at its version', copy(2, BASE), [], { ...BASE, id: HID, version: 2 }],
    [
      'a record created here, never answered: its fields at version 0',
      undefined,
      [queued(BASE)],
      { ...BASE, id: HID, version: 0 },
    ],
    [
      'my edit of one field over theirs; the others theirs; the version the server’s',
      copy(2, BASE),
      [queued({ headName: 'Nguyễn Văn Ân' })],
      { ...BASE, headName: 'Nguyễn Văn Ân', id: HID, version: 2 },
    ],
    [
      'two queued edits of one field: the later one shows',
      copy(2, BASE),
      [queued({ headName: 'Nguyễn Văn Ân' }), queued({ headName: 'Nguyễn Văn Ấn' })],
      { ...BASE, headName: 'Nguyễn Văn Ấn', id: HID, version: 2 },
    ],
    [
      'my null clears a field the server holds',
      copy(2, BASE),
      [queued({ note: null })],
      { villageId: BASE.villageId, address: BASE.address, headName: BASE.headName, id: HID, version: 2 },
    ],
    [
      'a value set, then cleared by a later edit: gone',
      copy(2, BASE),
      [queued({ phone: '0912000001' }), queued({ phone: null })],
      { ...BASE, id: HID, version: 2 },
    ],
    [
      'a field the server cleared (null in its copy) is absent, unless I set it',
      copy(3, { ...BASE, note: null, phone: null }),
      [queued({ phone: '0912000001' })],
      {
        villageId: BASE.villageId,
        address: BASE.address,
        headName: BASE.headName,
        phone: '0912000001',
        id: HID,
        version: 3,
      },
    ],
    ['my queued delete hides it, whatever the server holds', copy(2, BASE), [queued({}, 'delete')], null],
    [
      'my delete hides it even with an edit queued after it',
      copy(2, BASE),
      [queued({}, 'delete'), queued({ note: 'x' })],
      null,
    ],
    [
      'who and when the server last wrote it come from the copy',
      copy(4, { ...BASE, updatedAt: '2026-11-20T03:00:00.000Z', updatedBy: 'u-tuan' }),
      [queued({ note: 'Đã gặp' })],
      {
        ...BASE,
        note: 'Đã gặp',
        id: HID,
        version: 4,
        updatedAt: '2026-11-20T03:00:00.000Z',
        updatedBy: 'u-tuan',
      },
    ],
    [
      'only the entity’s own fields, from the copy and from my edits',
      copy(2, { ...BASE, colour: 'xanh', personId: 'p-1' }),
      [queued({ size: 'lớn', headName: 'Nguyễn Văn Ân' })],
      { ...BASE, headName: 'Nguyễn Văn Ân', id: HID, version: 2 },
    ],
  ])('%s', (_rule, serverCopy, pending, want) => {
    expect(localView(serverCopy, pending)).toEqual(want);
  });
});

// ---------------------------------------------------------------------------------------------------

let db: Db;
beforeEach(() => {
  db = new NotebookDb(`lv-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const change = (version: number, data: Record<string, unknown> | null): Change => ({
  entity: 'household',
  entityId: HID,
  version,
  deleted: data === null,
  data,
});

/** The row on the phone (the record's own fields, its version), or null when none. */
async function row(): Promise<Record<string, unknown> | null> {
  const r = await db.households.get(HID);
  if (!r) return null;
  return Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_')));
}

type Step = { theirs: Change } | { mine: Record<string, unknown> | 'delete' };

async function apply(step: Step): Promise<void> {
  if ('theirs' in step) return applyPullPage(db, [step.theirs], `c-${crypto.randomUUID()}`);
  // A local edit of a record the phone no longer has is refused (not_found): it then queues nothing.
  if (step.mine === 'delete') await deleteRecord(db, 'household', HID);
  else await updateRecord(db, 'household', HID, step.mine);
}

describe('their change and mine, in both orders: the same view', () => {
  it.each<{
    rule: string;
    theirs: Change;
    mine: Record<string, unknown> | 'delete';
    /** What the phone shows (null: no record), and what stays queued (field sets). */
    shown: Record<string, unknown> | null;
    queued: Record<string, unknown>[];
  }>([
    {
      rule: 'different fields: theirs and mine both show, mine stays queued',
      theirs: change(3, { ...BASE, note: 'Đã gặp' }),
      mine: { headName: 'Nguyễn Văn Ân' },
      shown: { ...BASE, note: 'Đã gặp', headName: 'Nguyễn Văn Ân', id: HID, version: 3 },
      queued: [{ headName: 'Nguyễn Văn Ân' }],
    },
    {
      rule: 'the same field: mine shows until the server answers it (the conflict is the server’s call)',
      theirs: change(3, { ...BASE, headName: 'Nguyễn Văn Ấn' }),
      mine: { headName: 'Nguyễn Văn Ân' },
      shown: { ...BASE, headName: 'Nguyễn Văn Ân', id: HID, version: 3 },
      queued: [{ headName: 'Nguyễn Văn Ân' }],
    },
    {
      rule: 'they cleared a field I did not touch: gone; my edit stays',
      theirs: change(3, { ...BASE, note: null }),
      mine: { address: 'Số 2, xóm Chùa' },
      shown: {
        villageId: BASE.villageId,
        headName: BASE.headName,
        address: 'Số 2, xóm Chùa',
        id: HID,
        version: 3,
      },
      queued: [{ address: 'Số 2, xóm Chùa' }],
    },
    {
      rule: 'I deleted it, they edited it: it stays deleted here, the delete queued',
      theirs: change(3, { ...BASE, note: 'Đã gặp' }),
      mine: 'delete',
      shown: null,
      queued: [{}],
    },
  ])('$rule', async ({ theirs, mine, shown, queued: waiting }) => {
    for (const order of [
      [{ theirs }, { mine }],
      [{ mine }, { theirs }],
    ] as Step[][]) {
      await db.delete();
      db = new NotebookDb(`lv-${crypto.randomUUID()}`);
      await applyPullPage(db, [change(2, BASE)], 'c-0');
      for (const step of order) await apply(step);
      const name = 'theirs' in order[0]! ? 'pull, then my edit' : 'my edit, then pull';
      expect(await row(), name).toEqual(shown);
      expect(
        (await outboxEntries(db)).map((m) => m.fields),
        name,
      ).toEqual(waiting);
    }
  });

  it('they deleted it: gone in both orders; an edit after the tombstone is refused and queues nothing', async () => {
    const results: unknown[] = [];
    for (const first of ['theirs', 'mine'] as const) {
      await db.delete();
      db = new NotebookDb(`lv-${crypto.randomUUID()}`);
      await applyPullPage(db, [change(2, BASE)], 'c-0');
      if (first === 'mine') await updateRecord(db, 'household', HID, { note: 'Đã gặp' });
      await applyPullPage(db, [change(3, null)], 'c-1');
      if (first === 'theirs') {
        expect(await updateRecord(db, 'household', HID, { note: 'Đã gặp' })).toMatchObject({ ok: false });
      }
      results.push([await row(), await db.serverCopies.count()]);
    }
    expect(results).toEqual([
      [null, 0],
      [null, 0],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('the server’s answer to my queued edits', () => {
  it.each<{
    rule: string;
    /** My edits, queued in this order; the first is sent and answered. */
    edits: Record<string, unknown>[];
    answer: (id: string) => MutationResult;
    shown: Record<string, unknown>;
    queued: Record<string, unknown>[];
    /** The conflict kept: my value and theirs, per field. */
    conflicts: { field: string; client: unknown; server: unknown }[];
    /** The server copy afterwards: its version stays the one last pulled (2). */
    copyData: Record<string, unknown>;
  }>([
    {
      rule: 'applied: my value joins the server copy; nothing left to resolve',
      edits: [{ note: 'Đã gặp' }],
      answer: (id) => ({ id, status: 'applied', version: 3 }),
      shown: { ...BASE, note: 'Đã gặp', id: HID, version: 2 },
      queued: [],
      conflicts: [],
      copyData: { ...BASE, note: 'Đã gặp' },
    },
    {
      rule: 'conflict on the one field sent: theirs shows, mine is kept in the conflict',
      edits: [{ headName: 'Nguyễn Văn Ân' }],
      answer: (id) => ({
        id,
        status: 'conflict',
        version: 3,
        applied: [],
        conflicts: [{ field: 'headName', server: 'Nguyễn Văn Ấn', client: 'Nguyễn Văn Ân' }],
      }),
      shown: { ...BASE, headName: 'Nguyễn Văn Ấn', id: HID, version: 2 },
      queued: [],
      conflicts: [{ field: 'headName', client: 'Nguyễn Văn Ân', server: 'Nguyễn Văn Ấn' }],
      copyData: { ...BASE, headName: 'Nguyễn Văn Ấn' },
    },
    {
      rule: 'conflict with a later edit of that field still queued: the later edit shows on top',
      edits: [{ headName: 'Nguyễn Văn Ân' }, { headName: 'Nguyễn Văn Ẩn' }],
      answer: (id) => ({
        id,
        status: 'conflict',
        version: 3,
        applied: [],
        conflicts: [{ field: 'headName', server: 'Nguyễn Văn Ấn', client: 'Nguyễn Văn Ân' }],
      }),
      shown: { ...BASE, headName: 'Nguyễn Văn Ẩn', id: HID, version: 2 },
      queued: [{ headName: 'Nguyễn Văn Ẩn' }],
      conflicts: [{ field: 'headName', client: 'Nguyễn Văn Ân', server: 'Nguyễn Văn Ấn' }],
      copyData: { ...BASE, headName: 'Nguyễn Văn Ấn' },
    },
    {
      rule: 'conflict on a cleared field: their value comes back, my null kept in the conflict',
      edits: [{ note: null, address: 'Số 2, xóm Chùa' }],
      answer: (id) => ({
        id,
        status: 'conflict',
        version: 4,
        applied: ['address'],
        conflicts: [{ field: 'note', server: 'Đã gặp', client: null }],
      }),
      shown: { ...BASE, address: 'Số 2, xóm Chùa', note: 'Đã gặp', id: HID, version: 2 },
      queued: [],
      conflicts: [{ field: 'note', client: null, server: 'Đã gặp' }],
      copyData: { ...BASE, address: 'Số 2, xóm Chùa', note: 'Đã gặp' },
    },
    {
      rule: 'rejected: the server’s state shows again, a later queued edit on top',
      edits: [{ address: 'x'.repeat(10) }, { note: 'Vẫn chờ' }],
      answer: (id) => ({ id, status: 'rejected', error: { code: 'invalid', message: 'address' } }),
      shown: { ...BASE, note: 'Vẫn chờ', id: HID, version: 2 },
      queued: [{ note: 'Vẫn chờ' }],
      conflicts: [],
      copyData: BASE,
    },
  ])('$rule', async ({ edits, answer, shown, queued: waiting, conflicts, copyData }) => {
    await applyPullPage(db, [change(2, BASE)], 'c-0');
    for (const fields of edits) {
      const r = await updateRecord(db, 'household', HID, fields);
      if (!r.ok) throw new Error(`edit refused: ${JSON.stringify(r)}`);
    }
    const [sent] = await outboxEntries(db);
    await applyPushResults(db, [sent!], [answer(sent!.id)]);
    expect(await row()).toEqual(shown);
    expect((await outboxEntries(db)).map((m) => m.fields)).toEqual(waiting);
    expect((await db.conflicts.toArray()).flatMap((c) => c.fields)).toEqual(conflicts);
    // The server's state as the phone keeps it: a copy while edits of the record wait in the outbox,
    // else the row itself, with no second copy.
    if (waiting.length) expect(await db.serverCopies.get(HID)).toEqual(copy(2, copyData));
    else {
      expect(await db.serverCopies.get(HID)).toBeUndefined();
      expect(await row()).toEqual({ ...copyData, id: HID, version: 2 });
    }
  });
});
