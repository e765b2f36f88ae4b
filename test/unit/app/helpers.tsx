// Shared set-up of the app's component tests: a fresh notebook per test, a local profile, records
// written through the one write path, and the app rendered at an address.
import { cleanup, configure, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { App } from '../../../src/app/app.tsx';
import { NotebookDb } from '../../../src/db/db.ts';
import { setProfile } from '../../../src/db/settings.ts';
import { createRecord } from '../../../src/db/write.ts';
import type { Entity, RecordOf } from '../../../src/domain/records.ts';

// Lazy screens are transformed on first import: give the first find more than a second.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no layout: the router's scroll to top on navigation is a no-op here.
window.scrollTo = () => {};

const opened: NotebookDb[] = [];

afterEach(async () => {
  cleanup();
  history.replaceState(null, '', '/');
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

export const VILLAGE = 'thon-dong';

export function freshDb(): NotebookDb {
  const db = new NotebookDb('t-' + crypto.randomUUID());
  opened.push(db);
  return db;
}

/** A notebook with a volunteer's profile in "Thôn Đông", ready for the list. */
export async function notebookWithProfile(): Promise<NotebookDb> {
  const db = freshDb();
  await setProfile(db, {
    volunteerName: 'Lê Thị Hoa',
    villages: [{ id: VILLAGE, name: 'Thôn Đông' }],
    villageId: VILLAGE,
  });
  return db;
}

/** Writes a record through the app's write path and returns it; a refusal fails the test. */
export async function create<E extends Entity>(
  db: NotebookDb,
  entity: E,
  fields: Record<string, unknown>,
): Promise<RecordOf<E>> {
  const result = await createRecord(db, entity, fields);
  if (!result.ok) throw new Error(`test data refused: ${JSON.stringify(result)}`);
  return result.record;
}

export function household(db: NotebookDb, headName: string, more: Record<string, unknown> = {}) {
  return create(db, 'household', { villageId: VILLAGE, headName, address: 'Xóm 1', ...more });
}

export function person(
  db: NotebookDb,
  householdId: string,
  fullName: string,
  more: Record<string, unknown> = {},
) {
  return create(db, 'person', {
    householdId,
    fullName,
    birthDate: '1980-05-01',
    gender: 'male',
    relation: 'head',
    cccdStatus: 'issued',
    vneidStatus: 'level2_active',
    ...more,
  });
}

export function renderApp(db: NotebookDb, path = '/') {
  history.replaceState(null, '', path);
  return render(<App db={db} />);
}

/** The ids of the household rows on screen, in order. */
export function shownHouseholdIds(container: ParentNode): string[] {
  return [...container.querySelectorAll<HTMLElement>('[data-household-id]')].map(
    (a) => a.dataset.householdId!,
  );
}
