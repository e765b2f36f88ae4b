// The phone's view of one record: the server's last state of it (its server copy), then the fields of
// the mutations still in the outbox, in queue order. Pure: the rebase of server-answers.ts applies it
// to every record a pulled page or a push answer touches. Field values are copied only under the
// entity's own field names (isFieldName), so a `__proto__` key never swaps a copy's prototype.
import { FIELDS, isFieldName } from '../domain/records.ts';
import type { ServerCopyRow } from './db.ts';
import type { OutboxEntry } from './types.ts';

/** The phone's view of a record: the server's state, then my pending edits. Null when deleted here. */
export function localView(
  copy: ServerCopyRow | undefined,
  pending: readonly OutboxEntry[],
): Record<string, unknown> | null {
  if (pending.some((m) => m.op === 'delete')) return null;
  if (!copy && pending.length === 0) return null;
  const fields: Record<string, unknown> = {};
  if (copy) {
    for (const key of Object.keys(FIELDS[copy.entity].shape)) {
      const v = copy.data[key];
      if (v !== undefined && v !== null) fields[key] = v;
    }
  }
  for (const m of pending) {
    for (const [key, v] of Object.entries(m.fields)) {
      if (!isFieldName(m.entity, key)) continue;
      if (v === null || v === undefined) delete fields[key];
      else fields[key] = v;
    }
  }
  // Without a server copy the pending edits alone must make a whole record (a creation here). Edits of
  // a record the server has deleted meanwhile (its tombstone pulled, its copy gone) make none: the
  // record stays gone, and those edits wait for the server's refusal, never rebuilt as half a record.
  if (!copy && !FIELDS[pending[0]!.entity].safeParse(fields).success) return null;
  const id = copy?.id ?? pending[0]!.entityId;
  const view: Record<string, unknown> = { ...fields, id, version: copy?.version ?? 0 };
  if (typeof copy?.data.updatedAt === 'string') view.updatedAt = copy.data.updatedAt;
  if (typeof copy?.data.updatedBy === 'string') view.updatedBy = copy.data.updatedBy;
  return view;
}
