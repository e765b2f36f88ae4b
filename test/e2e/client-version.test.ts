// SYNC-API.md [V5], in Chromium: a phone on build A queues 20 edits offline; the server comes back
// on build B with MIN_CLIENT_BUILD=B. The phone is told client_too_old: it says "Cần cập nhật ứng
// dụng", keeps all 20 edits and stops asking; the service worker fetches B, the person taps "Cập
// nhật", and B sends the 20 edits, each applied exactly once.
import type { Request } from 'playwright-core';
import { expect, it } from 'vitest';
import { BUILD_HEADER } from '../../src/domain/sync-protocol.ts';
import { A_BUILD_NUMBER, B_BUILD_NUMBER } from './global-setup.ts';
import {
  addHousehold,
  adminToken,
  api,
  AppServer,
  builds,
  describeInChromium,
  goOffline,
  readOutbox,
  signIn,
  unlock,
  untilControlled,
  useChromium,
  VOLUNTEER,
} from './harness.ts';

const EDITS = 20;
const WAIT = { timeout: 20_000 };

describeInChromium('a phone too old for the server', () => {
  const browser = useChromium();

  it(
    '[V5] keeps its 20 queued edits through client_too_old, updates to B, and B sends each exactly once',
    { timeout: 60_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        // The page's pushes, by the build they named (the service worker's own are not seen here).
        const pushes: string[] = [];
        page.on('request', (request: Request) => {
          if (request.url().includes('/api/sync/push'))
            pushes.push(request.headers()[BUILD_HEADER.toLowerCase()] ?? '');
        });
        await page.goto(server.url);
        await signIn(page);
        await untilControlled(page);

        await goOffline(context, server);
        const ids: string[] = [];
        for (let i = 0; i < EDITS; i++) ids.push(await addHousehold(page, `Hộ thử ${i + 1}`, `Số ${i + 1}`));
        const queued = await readOutbox(page);
        expect(queued).toHaveLength(EDITS);

        // The operator deploys B and refuses every build older than B.
        server.use(builds().b);
        server.minClientBuild = B_BUILD_NUMBER;
        await server.start();
        const pushesBefore = pushes.length;
        await context.unroute('**/*');
        await context.setOffline(false);

        // Told client_too_old: the state in Vietnamese, the header's mark, every edit still queued.
        const tooOld = page.getByRole('alert').filter({ hasText: 'Cần cập nhật ứng dụng' });
        await tooOld.waitFor(WAIT);
        expect(await tooOld.textContent()).toContain(
          'Máy chủ cần phiên bản mới hơn. Các thay đổi của bạn vẫn được giữ trên máy và sẽ gửi sau khi cập nhật.',
        );
        await page.locator(`a.pending.has-problem[data-pending="${EDITS}"]`).waitFor(WAIT);
        expect((await readOutbox(page)).map((m) => m.id)).toEqual(queued.map((m) => m.id));

        // The phone asked the service worker for the new build: the banner offers it, no reload yet.
        const banner = page.getByRole('status').filter({ hasText: 'Có phiên bản mới' });
        await banner.waitFor(WAIT);
        // No retry storm: while B was being fetched, A's page asked once (twice if a round was in
        // flight as the network came back), never again on its own.
        const tooOldPushes = pushes.slice(pushesBefore);
        expect(tooOldPushes.length).toBeGreaterThanOrEqual(1);
        expect(tooOldPushes.length).toBeLessThanOrEqual(2);
        expect(new Set(tooOldPushes)).toEqual(new Set([String(A_BUILD_NUMBER)]));
        expect(await readOutbox(page)).toHaveLength(EDITS);

        await Promise.all([
          page.waitForEvent('load'),
          banner.getByRole('button', { name: 'Cập nhật' }).click(),
        ]);

        // B starts locked, as every start: unlocked, it runs, syncs, and the outbox drains.
        await unlock(page);
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
        expect(await readOutbox(page)).toEqual([]);
        expect(await page.getByText('Cần cập nhật ứng dụng').count()).toBe(0);
        expect(
          pushes.slice(pushesBefore + tooOldPushes.length).every((b) => b === String(B_BUILD_NUMBER)),
        ).toBe(true);
        await page.goto(`${server.url}/trang-thai`);
        await unlock(page);
        expect(await page.locator('[data-build-id]').getAttribute('data-build-id')).toBe('e2e-B');

        // On the server, each of the 20 edits exactly once: version 1, one audit entry with its id.
        const deviceId = crypto.randomUUID();
        const { token } = await api<{ token: string }>(server, '/api/auth/login', { ...VOLUNTEER, deviceId });
        const res = await fetch(`${server.url}/api/sync/pull?limit=1000`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const pulled = (await res.json()) as {
          changes: { entity: string; entityId: string; version: number }[];
        };
        const households = pulled.changes.filter((c) => c.entity === 'household');
        expect(households.map((c) => c.entityId).sort()).toEqual([...ids].sort());
        expect(households.every((c) => c.version === 1)).toBe(true);
        const admin = await adminToken(server);
        const audits = await Promise.all(
          queued.map(async (m) => {
            const r = await fetch(`${server.url}/api/admin/audit?entityId=${m.entityId}`, {
              headers: { authorization: `Bearer ${admin}` },
            });
            const { entries } = (await r.json()) as { entries: { mutationId: string | null }[] };
            return entries.map((e) => e.mutationId);
          }),
        );
        expect(audits).toEqual(queued.map((m) => [m.id]));
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
