// The sealed notebook in Chromium (issue 16): sign in, set the PIN, work offline, locked by the idle
// timer, unlocked with the edits intact, and nothing readable in IndexedDB; five wrong PINs lead to the
// password online and a new PIN, with the same notebook and outbox; and the update from a plain
// notebook (schema 4, as the builds before this one left it) with 50 pending edits seals it in place
// and those edits reach the server exactly once.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addPlatformAuthenticator } from '../support/chromium.ts';
import {
  AppServer,
  E2E_PIN,
  VOLUNTEER,
  addHousehold,
  api,
  builds,
  describeInChromium,
  readOutbox,
  setPin,
  signIn,
  submitSignIn,
  unlock,
  untilControlled,
  useChromium,
} from './harness.ts';

/** Every store of the notebook read raw, as text (byte arrays as latin1): what a copied profile holds. */
function rawNotebook(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((done, fail) => {
        const open = indexedDB.open('so06');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = Array.from(db.objectStoreNames);
          const tx = db.transaction(stores, 'readonly');
          const parts: string[] = [];
          for (const s of stores) {
            const all = tx.objectStore(s).getAll();
            all.onsuccess = () =>
              parts.push(
                JSON.stringify(all.result, (_, v: unknown) =>
                  v instanceof Uint8Array ? String.fromCharCode(...v) : v,
                ),
              );
          }
          tx.oncomplete = () => {
            db.close();
            done(parts.join('\n'));
          };
        };
      }),
  );
}

/** The volunteer's records on the server, by a pull from Node: entity id → version. */
async function onServer(
  server: AppServer,
): Promise<Map<string, { entity: string; version: number; data: unknown }>> {
  const { token } = await api<{ token: string }>(server, '/api/auth/login', {
    ...VOLUNTEER,
    deviceId: crypto.randomUUID(),
  });
  const out = new Map<string, { entity: string; version: number; data: unknown }>();
  let cursor = '';
  for (;;) {
    const res = await fetch(`${server.url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as {
      changes: { entityId: string; entity: string; version: number; data: unknown }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const c of page.changes) out.set(c.entityId, c);
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
}

// Each flow takes 11–12 s alone on a 2-core machine; beside the suite's other browsers, more than the
// default 20 s.
const BROWSER_FLOW = { timeout: 60_000 };

describeInChromium('the notebook sealed by the PIN', () => {
  const browser = useChromium();

  it(
    'set the PIN, work offline, locked by the idle timer, unlocked: edits intact, nothing readable raw',
    BROWSER_FLOW,
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        await page.clock.install();
        await page.goto(server.url);
        await signIn(page);
        await untilControlled(page);
        await context.setOffline(true);
        const first = await addHousehold(page, 'Phùng Thị Khuyên', 'Xóm Giếng Đá 7');
        const second = await addHousehold(page, 'Lục Văn Quý', 'Xóm Giếng Đá 9');
        expect((await readOutbox(page)).map((m) => m.entityId)).toEqual([first, second]);

        // Five minutes and a bit without a touch: the notebook locks itself, and nothing of it shows.
        await page.clock.fastForward('05:30');
        await page.getByRole('heading', { name: 'Mở khoá Sổ 06' }).waitFor();
        expect(await page.getByText('Sổ 06 đã khoá vì không dùng một lúc.').count()).toBe(1);
        expect(await page.getByText('Lục Văn Quý').count()).toBe(0);

        // What a copied profile would hold: no name, no address, not even folded for search.
        const raw = await rawNotebook(page);
        for (const secret of ['Phùng Thị Khuyên', 'Lục Văn Quý', 'Giếng Đá', 'khuyen', 'phung', 'gieng'])
          expect({ secret, found: raw.includes(secret) }).toEqual({ secret, found: false });

        await unlock(page);
        await page.getByRole('heading', { name: 'Lục Văn Quý' }).waitFor();
        await page.locator('a.brand').click();
        await page.locator(`[data-household-id="${first}"]`).waitFor();
        expect((await readOutbox(page)).map((m) => m.entityId)).toEqual([first, second]);

        // Back online, the edits go, once.
        await context.setOffline(false); // the app syncs as the network comes back
        await expect.poll(async () => (await readOutbox(page)).length, { timeout: 15_000 }).toBe(0);
        const records = await onServer(server);
        expect([records.get(first)?.version, records.get(second)?.version]).toEqual([1, 1]);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );

  it(
    'five wrong PINs: the password, online, and a new PIN open the same notebook with its outbox',
    BROWSER_FLOW,
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        await signIn(page);
        // The server refuses pushes for a while: the edits wait in the outbox.
        await context.route('**/api/sync/push', (route) => route.abort('connectionrefused'));
        const id = await addHousehold(page, 'Hà Văn Thắm', 'Bản Mường 3');
        const waiting = (await readOutbox(page)).map((m) => m.id);
        expect(waiting).toHaveLength(1);

        await page.reload();
        for (let left = 4; left >= 1; left--) {
          await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill('000001');
          await page.getByRole('button', { name: 'Mở khoá', exact: true }).click();
          await page.getByText(`Sai mã PIN. Còn ${left} lần thử.`).waitFor();
        }
        await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill('000001');
        await page.getByRole('button', { name: 'Mở khoá', exact: true }).click();
        await page.getByRole('heading', { name: 'Mở sổ bằng mật khẩu' }).waitFor();
        // A restart does not forget the count: still the password.
        await page.reload();
        await page.getByRole('heading', { name: 'Mở sổ bằng mật khẩu' }).waitFor();
        // Even the right PIN no longer opens it.
        expect(await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).count()).toBe(0);
        await page.getByLabel('Mật khẩu').fill(VOLUNTEER.password);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await setPinNamed(page, 'Đặt mã PIN mới', '135790');
        // Back where it was locked: the household's screen.
        await page.getByRole('heading', { name: 'Hà Văn Thắm' }).waitFor();
        await page.locator('a.brand').click();
        await page.locator(`[data-total] [data-household-id="${id}"]`).waitFor();
        expect((await readOutbox(page)).map((m) => m.id)).toEqual(waiting);

        // The new PIN is the one from now on; unlocked, the app syncs at once.
        await context.unroute('**/api/sync/push');
        await page.reload();
        await unlock(page, '135790');
        await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
        await expect.poll(async () => (await readOutbox(page)).length, { timeout: 15_000 }).toBe(0);
        expect((await onServer(server)).get(id)?.version).toBe(1);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );

  it(
    'the update from a plain notebook with 50 pending edits seals it, and they sync exactly once',
    BROWSER_FLOW,
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        // Signed in as a phone of the last build was: the session kept beside the notebook.
        await submitSignIn(page, VOLUNTEER);
        await page.getByRole('heading', { name: 'Đặt mã PIN' }).waitFor();
        // The notebook as the builds before this one kept it: schema 4 (IndexedDB version 40), plain
        // rows, 40 new households and 10 new members waiting in the outbox.
        const made = await page.evaluate(writePlainNotebook);
        // The server out of reach for pushes while the outbox is compared before and after the seal.
        await context.route('**/api/sync/push', (route) => route.abort('connectionrefused'));
        await page.reload();
        // The new build upgrades it (schema 5) and asks for a PIN before anything shows.
        await page.getByRole('heading', { name: 'Đặt mã PIN' }).waitFor();
        expect(await page.getByText(made.names[0]!).count()).toBe(0);
        await setPin(page);
        await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
        await page.locator('[data-total="40"]').waitFor();
        const outboxIds = (await readOutbox(page)).map((m) => m.id);
        expect(outboxIds).toEqual(made.mutationIds);
        // Sealed in place: the rows' names are no longer readable (the outbox's edits neither).
        const raw = await rawNotebook(page);
        expect(made.names.filter((n) => raw.includes(n))).toEqual([]);

        // The server back: the next start (unlocked) sends them.
        await context.unroute('**/api/sync/push');
        await page.reload();
        await unlock(page, E2E_PIN);
        await expect.poll(async () => (await readOutbox(page)).length, { timeout: 20_000 }).toBe(0);
        const records = await onServer(server);
        for (const entityId of made.entityIds)
          expect({ entityId, version: records.get(entityId)?.version }).toEqual({ entityId, version: 1 });
        expect(records.size).toBe(50);
        // A second start pushes nothing again and still opens with the PIN.
        await page.reload();
        await unlock(page, E2E_PIN);
        await page.locator('[data-total="40"]').waitFor();
        expect((await onServer(server)).size).toBe(50);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );

  it(
    'the fingerprint (a platform authenticator with PRF): turned on in the settings, opens the notebook',
    BROWSER_FLOW,
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        // WebAuthn refuses an IP address as its relying party: the phone's address is a name.
        const url = server.url.replace('127.0.0.1', 'localhost');
        const { cdp, authenticatorId } = await addPlatformAuthenticator(context, page);
        await page.goto(url);
        await signIn(page);
        const id = await addHousehold(page, 'Vi Thị Đào', 'Bản Pác Ngòi 4');

        await page.getByRole('link', { name: 'Cài đặt' }).click();
        await page.getByRole('button', { name: 'Bật mở bằng vân tay' }).click();
        await page.getByLabel('Nhập mã PIN để bật').fill(E2E_PIN);
        await page.getByRole('button', { name: 'Bật mở bằng vân tay' }).click();
        await page.getByText('Đã bật: lần sau có thể mở sổ bằng vân tay.').waitFor({ timeout: 30_000 });
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        expect(credentials).toHaveLength(1);
        // The authenticator's secret never reaches the notebook: only the credential's id, and a wrap.
        const keyring = await page.evaluate(
          () =>
            new Promise<string>((done) => {
              const open = indexedDB.open('so06');
              open.onsuccess = () => {
                const get = open.result.transaction('meta').objectStore('meta').get('keyring');
                get.onsuccess = () => done(JSON.stringify(get.result));
              };
            }),
        );
        expect(keyring).toContain('"byDevice"');

        // A new start: the fingerprint instead of the PIN, back to the same notebook.
        await page.reload();
        await page.getByRole('heading', { name: 'Mở khoá Sổ 06' }).waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Mở bằng vân tay' }).click();
        await page.getByRole('heading', { name: 'Cài đặt' }).waitFor({ timeout: 30_000 });
        await page.locator('a.brand').click();
        await page.locator(`[data-household-id="${id}"]`).waitFor();

        // The person at the phone is not verified (another finger): the notebook stays locked.
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
        await page.getByRole('link', { name: 'Cài đặt' }).click();
        await page.getByRole('button', { name: 'Khoá ngay' }).click();
        await page.getByRole('button', { name: 'Mở bằng vân tay' }).click();
        await page
          .getByText('Chưa mở được bằng vân tay. Thử lại, hoặc nhập mã PIN.')
          .waitFor({ timeout: 30_000 });
        expect(await page.getByText('Vi Thị Đào').count()).toBe(0);
        await unlock(page);
        await page.getByRole('heading', { name: 'Cài đặt' }).waitFor();
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});

async function setPinNamed(page: Page, heading: string, pin: string) {
  await page.getByRole('heading', { name: heading }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill(pin);
  await page.getByLabel('Nhập lại mã PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Đặt mã PIN', exact: true }).click();
  await page.getByRole('heading', { name: heading }).waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * Runs in the page: replaces the notebook with one as the builds before issue 16 wrote it (the stores
 * and indexes of schema 4, rows and outbox entries in their plain shape), for the village Thôn Đông.
 */
function writePlainNotebook(): Promise<{ names: string[]; entityIds: string[]; mutationIds: string[] }> {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'd')
      .toLowerCase();
  const names: string[] = [];
  const entityIds: string[] = [];
  const mutationIds: string[] = [];
  const households: Record<string, unknown>[] = [];
  const persons: Record<string, unknown>[] = [];
  const outbox: Record<string, unknown>[] = [];
  const at = new Date().toISOString();
  const queue = (entity: string, entityId: string, fields: Record<string, unknown>) => {
    const id = crypto.randomUUID();
    mutationIds.push(id);
    entityIds.push(entityId);
    outbox.push({ id, entity, entityId, op: 'upsert', baseVersion: 0, fields, clientTime: at });
  };
  for (let i = 0; i < 40; i++) {
    const id = crypto.randomUUID();
    const headName = `Hoàng Văn Sổ Cũ ${String(i + 1).padStart(2, '0')}`;
    names.push(headName);
    const fields = { villageId: 'thon-dong', address: `Số ${i + 1}, xóm Cũ`, headName };
    const withMember = i < 10;
    households.push({
      ...fields,
      id,
      version: 0,
      _sort: fold(headName),
      _words: fold(`${headName} ${fields.address}`)
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
      _summary: { members: withMember ? [['1980-05-01', 3]] : [], openTasks: 0, visited: false },
    });
    queue('household', id, fields);
  }
  for (let i = 0; i < 10; i++) {
    const id = crypto.randomUUID();
    const householdId = entityIds[i]!;
    const fields = {
      householdId,
      fullName: names[i]!,
      birthDate: '1980-05-01',
      gender: 'male',
      relation: 'head',
      cccdStatus: 'none',
      vneidStatus: 'none',
    };
    persons.push({ ...fields, id, version: 0 });
    queue('person', id, fields);
  }
  return new Promise((done, fail) => {
    const gone = indexedDB.deleteDatabase('so06');
    gone.onerror = () => fail(gone.error);
    gone.onsuccess = () => {
      const open = indexedDB.open('so06', 40);
      open.onerror = () => fail(open.error);
      open.onupgradeneeded = () => {
        const db = open.result;
        const h = db.createObjectStore('households', { keyPath: 'id' });
        h.createIndex('[villageId+_sort]', ['villageId', '_sort']);
        const p = db.createObjectStore('persons', { keyPath: 'id' });
        p.createIndex('householdId', 'householdId');
        p.createIndex('idNumber', 'idNumber');
        for (const s of ['tasks', 'visits'])
          db.createObjectStore(s, { keyPath: 'id' }).createIndex('householdId', 'householdId');
        const o = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        o.createIndex('id', 'id', { unique: true });
        o.createIndex('entityId', 'entityId');
        db.createObjectStore('meta', { keyPath: 'key' });
        db.createObjectStore('serverCopies', { keyPath: 'id' });
        for (const s of ['conflicts', 'rejected']) {
          const c = db.createObjectStore(s, { keyPath: 'id' });
          c.createIndex('entityId', 'entityId');
          c.createIndex('householdId', 'householdId');
        }
      };
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['households', 'persons', 'outbox', 'meta'], 'readwrite');
        for (const r of households) tx.objectStore('households').put(r);
        for (const r of persons) tx.objectStore('persons').put(r);
        for (const r of outbox) tx.objectStore('outbox').add(r);
        const meta = tx.objectStore('meta');
        meta.put({
          key: 'profile',
          value: {
            volunteerName: 'Nguyễn Thị Hoa',
            villages: [{ id: 'thon-dong', name: 'Thôn Đông' }],
            villageId: 'thon-dong',
          },
        });
        meta.put({ key: 'firstPull', value: 'done' });
        tx.oncomplete = () => {
          db.close();
          done({ names, entityIds, mutationIds });
        };
        tx.onerror = () => fail(tx.error);
      };
    };
  });
}
