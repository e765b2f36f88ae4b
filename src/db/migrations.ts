// The phone's schema versions, append-only: a phone may run an old version for weeks, and its data
// must come through every step. Never edit or remove a version that has shipped; add the next one,
// with an upgrade function when existing rows need rewriting. Nothing here may drop stored data.
import type Dexie from 'dexie';

export const SCHEMA_VERSION = 3;

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
}
