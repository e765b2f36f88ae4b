// The phone's schema versions, append-only: a phone may run an old version for weeks, and its data
// must come through every step. Never edit or remove a version that has shipped; add the next one,
// with an upgrade function when existing rows need rewriting. Nothing here may drop stored data.
import type Dexie from 'dexie';
import { householdSummary } from './record-rows.ts';

// The last version below; raw-reads.ts reads a notebook only once it is there.
export { NOTEBOOK_VERSION as SCHEMA_VERSION } from './schema-version.ts';

export function applyMigrations(db: Dexie): void {
  // 1: the first schema.
  // - households by village, in head-name order within a village, and by folded words (search);
  // - persons by household, folded name words and ID number; per-village status + birth date
  //   indexes give the 14+ counts and filters without reading every person;
  // - tasks and visits by household and by village + status/outcome;
  // - the outbox in push order (auto-increment `seq`), unique by mutation id.
  db.version(1).stores({
    households: 'id, villageId, [villageId+_sort], *_words',
    persons:
      'id, householdId, *_words, idNumber, [_villageId+birthDate], [_villageId+cccdStatus+birthDate], [_villageId+vneidStatus+birthDate]',
    tasks: 'id, householdId, personId, [_villageId+status]',
    visits: 'id, householdId, [_villageId+outcome]',
    outbox: '++seq, &id, entityId',
    meta: 'key',
  });

  // 2: sync with the central server.
  // - serverCopies: the last state of each record the server sent, so that the phone's view can
  //   always be rebuilt as "server state, then my pending edits" (rebase);
  // - conflicts and rejected edits from push answers, by record and by household (badges).
  db.version(2).stores({
    serverCopies: 'id, entity',
    conflicts: 'id, entityId, householdId',
    rejected: 'id, entityId, householdId',
  });

  // 3: a conflict's two sides under the wire's names (`client`, `server`), no longer `mine` and
  //    `theirs`: conflicts kept by version 2 are renamed in place, values untouched.
  db.version(3)
    .stores({})
    .upgrade((tx) =>
      tx
        .table('conflicts')
        .toCollection()
        .modify((row: { fields?: unknown }) => {
          if (!Array.isArray(row.fields)) return;
          row.fields = row.fields.map((f: Record<string, unknown>) =>
            'mine' in f || 'theirs' in f ? { field: f.field, client: f.mine, server: f.theirs } : f,
          );
        }),
    );

  // 4: the list reads no member, task or visit (issue 14). Each household's row carries the summary
  //    its list row, filters and the progress line need (`_summary`, record-rows.ts), and the village's
  //    search runs on an index in memory (list-index.ts), so the indexes that served those reads go,
  //    with the fields that fed them (persons' `_words`, everyone's `_villageId`): on 10,000 households
  //    they were most of the notebook's size. Every household's summary is computed here from what is
  //    on the phone, in the upgrade's one transaction. Server copies of settled records go too (below).
  db.version(4)
    .stores({
      households: 'id, [villageId+_sort]',
      persons: 'id, householdId, idNumber',
      tasks: 'id, householdId',
      visits: 'id, householdId',
      serverCopies: 'id',
    })
    .upgrade(async (tx) => {
      // A settled record keeps no server copy any more (server-answers.ts): its row is the server's
      // state. It takes the copy's version (a creation's row kept 0 after its answer), and the copy
      // goes; copies of records with edits in the outbox stay for their rebase.
      type Row = Record<string, unknown> & { id: string; householdId: string; version: number };
      const pending = new Set(
        (await tx.table('outbox').toArray()).map((e: { entityId: string }) => e.entityId),
      );
      const settled = (await tx.table('serverCopies').toArray()).filter(
        (c: { id: string }) => !pending.has(c.id),
      );
      const settledVersion = new Map(settled.map((c: { id: string; version: number }) => [c.id, c.version]));
      await tx.table('serverCopies').bulkDelete(settled.map((c: { id: string }) => c.id));
      // One pass over each table: the settled version, the dropped fields gone, the rows by household.
      const pass = async (table: string) => {
        const byHousehold = new Map<string, Row[]>();
        await tx
          .table(table)
          .toCollection()
          .modify((row: Row) => {
            row.version = settledVersion.get(row.id) ?? row.version;
            delete row._villageId;
            delete row._words;
            const list = byHousehold.get(row.householdId);
            if (list) list.push(row);
            else byHousehold.set(row.householdId, [row]);
          });
        return byHousehold;
      };
      const persons = await pass('persons');
      const tasks = await pass('tasks');
      const visits = await pass('visits');
      const under = (rows: Map<string, Row[]>, id: string) => (rows.get(id) ?? []) as never[];
      await tx
        .table('households')
        .toCollection()
        .modify((row: Row) => {
          row.version = settledVersion.get(row.id) ?? row.version;
          row._summary = householdSummary(
            under(persons, row.id),
            under(tasks, row.id),
            under(visits, row.id),
          );
        });
    });

  // 5: citizens' data sealed at rest (issue 16, crypto/). No index may hold a name or an ID number:
  //    the households' list order (folded head name) is sorted in memory after opening them, and a
  //    person's ID number is looked up by its keyed tag `_idKey` (sealed-rows.ts). A plain notebook's
  //    tag is the number itself until its PIN is set and seal-notebook.ts seals every row.
  db.version(5)
    .stores({
      households: 'id, villageId',
      persons: 'id, householdId, _idKey',
    })
    .upgrade((tx) =>
      tx
        .table('persons')
        .toCollection()
        .modify((row: { idNumber?: unknown; _idKey?: unknown }) => {
          if (typeof row.idNumber === 'string') row._idKey = row.idNumber;
        }),
    );
}
