// @vitest-environment jsdom
// The volunteer's first screen needs no Dexie (src/db/notebook.ts): the household list, its progress
// line and the header show what the notebook holds while Dexie's code is still on its way, and the
// screens behind the list open once it has arrived.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/shell/app.tsx';
import type { NotebookDb } from '../../../src/db/db.ts';
import { Notebook } from '../../../src/db/notebook.ts';
import { fakeServices, household, notebookWithProfile } from './helpers.tsx';

/** A Notebook over `db` whose Dexie arrives only when the test lets it. */
function slowNotebook(db: NotebookDb) {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const notebook = new Notebook(db.name, () => arrived.then(() => db), db.factory);
  return { notebook, arrive };
}

describe('the first screen', () => {
  it('lists the village’s households before Dexie has loaded, and opens one once it has', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    await household(db, 'Trần Thị Lan');
    db.close(); // as at a start: nothing of Dexie's is open
    const { notebook, arrive } = slowNotebook(db);
    history.replaceState(null, '', '/');
    render(<App notebook={notebook} services={fakeServices().services} />);

    const list = await screen.findByText('Nguyễn Văn Đức');
    expect(list.closest('ul')!.dataset.total).toBe('2');
    expect(screen.getByText('Nguyễn Văn Đức')).toBeTruthy();
    // The header counts the two creations waiting for the server, read without Dexie too.
    await waitFor(() =>
      expect(document.querySelector('[data-pending]')!.getAttribute('data-pending')).toBe('2'),
    );

    // Tapping a household before Dexie is there shows nothing broken; it opens once Dexie arrives.
    fireEvent.click(screen.getByText('Trần Thị Lan'));
    arrive();
    expect(await screen.findByRole('heading', { name: 'Trần Thị Lan' })).toBeTruthy();
  });
});
