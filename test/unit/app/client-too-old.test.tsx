// @vitest-environment jsdom
// [V5] The server no longer serves this build (426 client_too_old): the phone says "Cần cập nhật ứng
// dụng" with what it means for the edits, keeps every one of them, and stops asking on its own.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { fakeServices, household, notebookWithProfile, renderApp } from './helpers.tsx';

const TOO_OLD = {
  kind: 'client_too_old',
  message: 'build 100 is older than this server serves (101)',
} as const;

describe('a build too old for the server', () => {
  it('[V5] says so in Vietnamese, keeps the outbox, and sends it once the server accepts', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    await household(db, 'Trần Thị Lan');
    const fakes = fakeServices();
    fakes.transport.fail(TOO_OLD);
    renderApp(db, '/', fakes);

    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toBe(
      'Cần cập nhật ứng dụng. Máy chủ cần phiên bản mới hơn. Các thay đổi của bạn vẫn được giữ trên máy và sẽ gửi sau khi cập nhật.',
    );
    const header = within(screen.getByRole('banner'));
    const status = header.getByRole('link', { name: /2 chờ đồng bộ\s*·\s*Cần cập nhật ứng dụng/ });
    expect(status.classList.contains('has-problem')).toBe(true);
    expect(document.body.textContent).not.toContain('older than this server');
    expect(await outboxCount(db)).toBe(2);
    const asked = fakes.transport.pushes.length;
    expect(asked).toBe(1);

    // An edit made meanwhile is kept too (the scheduler's own test shows no automatic round asks).
    await household(db, 'Lê Văn Tám');
    expect(await outboxCount(db)).toBe(3);

    // The person's own tap asks again; the server (its minimum lowered, or the new build) accepts.
    fakes.transport.online();
    fireEvent.click(header.getByRole('button', { name: 'Đồng bộ ngay' }));
    await waitFor(async () => expect(await outboxCount(db)).toBe(0));
    expect(fakes.transport.pushes.at(-1)!.mutations).toHaveLength(3);
    await waitFor(() => expect(screen.queryByText(/Cần cập nhật ứng dụng/)).toBeNull());
  });

  it('[V5] a first load not finished says it waits for the update, not that it is loading', async () => {
    const db = await notebookWithProfile(undefined, { firstPull: false });
    const fakes = fakeServices();
    fakes.transport.fail(TOO_OLD);
    renderApp(db, '/', fakes);
    const notice = await screen.findByText(
      'Chưa tải xong dữ liệu thôn — sẽ tải tiếp sau khi cập nhật ứng dụng.',
    );
    const box = notice.closest('[role="status"]')!;
    expect(box.getAttribute('data-first-pull')).toBe('needs_update');
    expect(box.querySelector('.spinner')).toBeNull();
  });
});
