// A campaign (rà soát, issue 17) end to end in Chromium: the commune police launch "Rà soát người đủ 14
// tuổi" (through the API: the officer's screens come next); the volunteer's phone, after one sync and
// then offline, lists exactly the people worked out by hand below; the volunteer completes two items
// offline; once synced the officer's progress says 2 done of N; with the server's clock past the
// deadline, what remains is overdue on both sides.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addYears, isoDateInVietnam } from '../../src/domain/dates.ts';
import {
  AppServer,
  MutationBatch,
  OFFICER,
  addUser,
  api,
  builds,
  describeInChromium,
  goOffline,
  pushAs,
  readOutbox,
  signIn,
  unlock,
  untilControlled,
  useChromium,
  VOLUNTEER,
} from './harness.ts';

const DAY = 86_400_000;

const person = (householdId: string, fullName: string, birthDate: string, cccdStatus = 'none') => ({
  householdId,
  fullName,
  birthDate,
  gender: 'female',
  relation: 'child',
  cccdStatus,
  vneidStatus: 'none',
});

/**
 * Thôn Đông, the deadline D 20 days away. Listed (14 or more on D, no issued card): Lò Thị Mai (turns
 * 14 on D itself), Lò Văn Pao (17, card applied), Hà Thị Dung (40, card lost). Not listed: Lò Văn Sáng
 * (turns 14 the day after D), Hà Văn Tú (card issued), and Vàng Văn Sủ, whose household refused the
 * working group: counted apart. N = 3.
 */
function dataSet(dueOn: string) {
  const batch = new MutationBatch();
  const h1 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Lò Văn Páo',
    address: 'Bản Nà, số 1',
  });
  batch.add('person', person(h1, 'Lò Thị Mai', addYears(dueOn, -14)));
  batch.add('person', person(h1, 'Lò Văn Sáng', addYears(isoDateInVietnam(Date.parse(dueOn) + DAY), -14)));
  batch.add('person', person(h1, 'Lò Văn Pao', addYears(dueOn, -17), 'applied'));
  const h2 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Hà Văn Tú',
    address: 'Bản Nà, số 2',
  });
  batch.add('person', person(h2, 'Hà Văn Tú', '1990-04-04', 'issued'));
  batch.add('person', person(h2, 'Hà Thị Dung', '1986-09-09', 'lost'));
  const h3 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Vàng Văn Sủ',
    address: 'Bản Nà, số 3',
    outOfReach: 'refused',
    outOfReachOn: isoDateInVietnam(Date.now()),
  });
  batch.add('person', person(h3, 'Vàng Văn Sủ', '2000-01-01'));
  return batch;
}

const shownNames = (page: Page) =>
  page.locator('.campaign .work-item strong').evaluateAll((els) => els.map((e) => e.textContent));

describeInChromium('a campaign from launch to progress', () => {
  const browser = useChromium();

  it(
    'the phone lists exactly its people offline; two done offline show as 2 of 3 once synced; overdue after the deadline',
    { timeout: 90_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const dueOn = isoDateInVietnam(Date.now() + 20 * DAY);
        await pushAs(server, VOLUNTEER, crypto.randomUUID(), dataSet(dueOn));
        await addUser(server, OFFICER, 'police', ['xa-e2e']);
        const { token } = await api<{ token: string }>(server, '/api/auth/login', {
          ...OFFICER,
          deviceId: crypto.randomUUID(),
        });
        const id = crypto.randomUUID();
        await api(
          server,
          '/api/campaigns',
          {
            id,
            communeId: 'xa-e2e',
            name: 'Rà soát người đủ 14 tuổi',
            villageIds: ['thon-dong'],
            startsOn: isoDateInVietnam(Date.now()),
            dueOn,
            rule: { kind: 'card_at_14' },
            targetPercent: 100,
          },
          token,
        );
        const progress = async () => {
          const res = await fetch(`${server.url}/api/campaigns/${id}/progress`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return ((await res.json()) as { total: Record<string, number> }).total;
        };
        expect(await progress()).toEqual({ items: 3, done: 0, pending: 3, overdue: 0, outOfReach: 1 });

        // The volunteer's phone syncs once (records and campaigns), then goes into a lane.
        const page = await context.newPage();
        await page.goto(server.url);
        await signIn(page);
        await untilControlled(page);
        await page.getByRole('link', { name: 'Việc cần làm · 1 đợt rà soát' }).waitFor({ timeout: 20_000 });
        await goOffline(context, server);
        await page.getByRole('link', { name: 'Việc cần làm · 1 đợt rà soát' }).click();
        await page.getByRole('heading', { name: 'Rà soát người đủ 14 tuổi' }).waitFor();
        expect(await shownNames(page)).toEqual(
          expect.arrayContaining(['Lò Thị Mai', 'Lò Văn Pao', 'Hà Thị Dung']),
        );
        expect(await shownNames(page)).toHaveLength(3);
        await page.getByText('Hộ từ chối hoặc đã chuyển đi: 1 (không tính vào kết quả)').waitFor();

        // Two cards collected, ticked offline: they leave the list, and wait in the outbox.
        for (const name of ['Lò Thị Mai', 'Hà Thị Dung']) {
          await page
            .locator('.work-item', { hasText: name })
            .getByRole('button', { name: 'Đã nhận thẻ' })
            .click();
          await page.locator('.work-item', { hasText: name }).waitFor({ state: 'detached' });
        }
        expect(await shownNames(page)).toEqual(['Lò Văn Pao']);
        expect(await readOutbox(page)).toHaveLength(2);

        // Back in signal: the edits go, and the officer sees 2 of 3.
        await server.start();
        await context.unroute('**/*');
        await context.setOffline(false);
        await expect.poll(async () => (await readOutbox(page)).length, { timeout: 20_000 }).toBe(0);
        expect(await progress()).toEqual({ items: 3, done: 2, pending: 1, overdue: 0, outOfReach: 1 });

        // Past the deadline: what remains is overdue, for the officer and on the phone.
        server.clockOffsetMs = 21 * DAY;
        expect(await progress()).toEqual({ items: 3, done: 2, pending: 1, overdue: 1, outOfReach: 1 });
        await page.clock.install({ time: Date.now() + 21 * DAY });
        await page.reload();
        await unlock(page);
        await page.locator('.work-item', { hasText: 'Lò Văn Pao' }).getByText('Quá hạn').waitFor({
          timeout: 30_000,
        });
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
