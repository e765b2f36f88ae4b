// Records that come from the server as whole records (an initial load, the demo, benchmarks) enter the
// phone as one pulled page would: with their server copies, and no outbox entry.
import type { Entity, Household, Person, Task, Visit } from '../domain/records.ts';
import type { NotebookDb } from './db.ts';
import { applyPullPage } from './sync-apply.ts';

export interface ServerRecords {
  households?: Household[];
  persons?: Person[];
  tasks?: Task[];
  visits?: Visit[];
}

/** Put server records on the phone in one transaction, with their local index fields. */
export async function applyServerRecords(db: NotebookDb, records: ServerRecords): Promise<void> {
  const kinds: [Entity, readonly { id: string; version: number }[] | undefined][] = [
    ['household', records.households],
    ['person', records.persons],
    ['task', records.tasks],
    ['visit', records.visits],
  ];
  const changes = kinds.flatMap(([entity, list]) =>
    (list ?? []).map(({ id, version, ...data }) => ({ entity, entityId: id, version, deleted: false, data })),
  );
  await applyPullPage(db, changes, null);
}
