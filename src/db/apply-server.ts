// Records that come from the server (a pull, or an initial load) enter the phone here: no outbox
// entry, since the server already holds them. The sync engine's pull will apply its pages through
// this file; benchmarks and the demo load use it as an initial pull.
import type { Household, Person, Task, Visit } from '../domain/records.ts';
import type { NotebookDb } from './db.ts';
import { foldWords } from '../domain/fold.ts';
import { householdRow, toRecord } from './rows.ts';

export interface ServerRecords {
  households?: Household[];
  persons?: Person[];
  tasks?: Task[];
  visits?: Visit[];
}

/** Put server records on the phone in one transaction, with their local index fields. */
export async function applyServerRecords(db: NotebookDb, records: ServerRecords): Promise<void> {
  await db.transaction('rw', [db.households, db.persons, db.tasks, db.visits], async () => {
    const incoming = records.households ?? [];
    const known = await db.households.bulkGet((records.persons ?? []).map((p) => p.householdId));
    const villageOf = new Map<string, string>();
    for (const h of [...known, ...incoming]) if (h) villageOf.set(h.id, h.villageId);
    await db.persons.bulkPut(
      (records.persons ?? []).map((p) => ({
        ...p,
        _villageId: villageOf.get(p.householdId) ?? '',
        _words: foldWords(p.fullName),
      })),
    );
    await db.tasks.bulkPut(
      (records.tasks ?? []).map((t) => ({ ...t, _villageId: villageOf.get(t.householdId) ?? '' })),
    );
    await db.visits.bulkPut(
      (records.visits ?? []).map((v) => ({ ...v, _villageId: villageOf.get(v.householdId) ?? '' })),
    );

    // Households whose members changed get their search words again, from all their members on the phone.
    const touched = [
      ...new Set([...incoming.map((h) => h.id), ...(records.persons ?? []).map((p) => p.householdId)]),
    ];
    const stored = await db.households.bulkGet(touched);
    const byId = new Map(incoming.map((h) => [h.id, h]));
    const members = new Map<string, Person[]>();
    for (const p of await db.persons.where('householdId').anyOf(touched).toArray()) {
      members.set(p.householdId, [...(members.get(p.householdId) ?? []), p]);
    }
    const rows = touched.flatMap((id, i) => {
      const h = byId.get(id) ?? stored[i];
      return h ? [householdRow(toRecord<Household>(h), members.get(id) ?? [])] : [];
    });
    await db.households.bulkPut(rows);
  });
}
