// @vitest-environment jsdom
// Honest first sync: until the first pull of the village has reached its last page, the list says it
// is loading (with how many households are on the phone so far) instead of half a village's figures
// and badges; offline, it says it will carry on when there is a network.
import { screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getFirstPullState } from '../../../src/db/pull-state.ts';
import { applyPullPage } from '../../../src/db/server-answers.ts';
import type { Change } from '../../../src/domain/sync-protocol.ts';
import { VILLAGE, notebookWithProfile, renderApp } from './helpers.tsx';

function householdChange(headName: string): Change {
  return {
    entity: 'household',
    entityId: crypto.randomUUID(),
    version: 1,
    deleted: false,
    data: { villageId: VILLAGE, headName, address: 'Xóm 1, Thôn Đông' },
  };
}

describe('first pull of the village', () => {
  it('is in progress from the first page that has more after it, done with the last one, and stays done', async () => {
    const db = await notebookWithProfile(undefined, { firstPull: false });
    expect(await getFirstPullState(db)).toBe('not_started');
    await applyPullPage(db, [householdChange('Hộ Một')], 'c1', true);
    expect(await getFirstPullState(db)).toBe('in_progress');
    await applyPullPage(db, [householdChange('Hộ Hai')], 'c2', false);
    expect(await getFirstPullState(db)).toBe('done');
    // A later round that is cut half-way does not make the village "loading" again.
    await applyPullPage(db, [householdChange('Hộ Ba')], 'c3', true);
    expect(await getFirstPullState(db)).toBe('done');
  });

  it('treats a phone that pulled before this flag existed (a cursor, no flag) as done', async () => {
    const db = await notebookWithProfile(undefined, { firstPull: false });
    await db.meta.put({ key: 'pullCursor', value: 'c9' });
    expect(await getFirstPullState(db)).toBe('done');
  });

  it('shows "loading" with the households so far, no progress figures and no badges, until the last page', async () => {
    const db = await notebookWithProfile(undefined, { firstPull: false });
    // The first page brought two households; their members have not arrived yet.
    await applyPullPage(db, [householdChange('Hộ Một'), householdChange('Hộ Hai')], 'c1', true);
    // The next page waits for a network (the default fake transport is out of reach).
    const { container } = renderApp(db);

    const status = await screen.findByText(/Đang tải dữ liệu thôn lần đầu…|Chưa tải xong dữ liệu thôn/);
    const panel = status.closest<HTMLElement>('.first-pull')!;
    expect(await within(panel).findByText('Đã tải 2 hộ về máy.')).toBeTruthy();
    expect(container.querySelector('.progress')).toBeNull();
    await waitFor(() => expect(container.querySelectorAll('a.row')).toHaveLength(2));
    // "0/2 visited" and "not visited" would be wrong: nothing of the kind is shown yet.
    expect(container.querySelector('.badge, .row-flag')).toBeNull();
    expect(screen.queryByText('Thôn này chưa có hộ nào trên máy.')).toBeNull();

    // The last page arrives: the village's figures and badges appear.
    await applyPullPage(db, [householdChange('Hộ Ba')], 'c2', false);
    expect(await screen.findByText('Đã thăm 0/3 hộ · CCCD – · VNeID mức 2 –')).toBeTruthy();
    expect(container.querySelector('.first-pull')).toBeNull();
    await waitFor(() => expect(container.querySelectorAll('.row-flag')).toHaveLength(3));
  });

  it('says calmly that loading waits for a network when the phone is offline', async () => {
    const db = await notebookWithProfile(undefined, { firstPull: false });
    await applyPullPage(db, [householdChange('Hộ Một')], 'c1', true);
    // The default fake transport is out of reach, as a phone in a lane without signal.
    renderApp(db);
    const waiting = await screen.findByText('Chưa tải xong dữ liệu thôn — sẽ tự tải tiếp khi có mạng.');
    expect(waiting.closest('[role="status"]')!.getAttribute('data-first-pull')).toBe('waiting');
  });
});
