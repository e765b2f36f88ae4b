// @vitest-environment jsdom
// The PIN (issue 16) as the volunteer meets it: chosen at the first start (a new phone, or the update
// that seals a plain notebook with its pending edits), asked at every start, asked again after five
// idle minutes; five wrong PINs lead to the password, online, and a new PIN — never to a lost edit.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotebookLock } from '../../../src/db/crypto/notebook-lock.ts';
import { readKeyring, sealNotebook } from '../../../src/db/crypto/notebook-keys.ts';
import { NotebookDb } from '../../../src/db/db.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { getProfile, setProfile } from '../../../src/db/settings.ts';
import { applyPullPage } from '../../../src/db/server-answers.ts';
import { LOCK_AFTER_MS } from '../../../src/app/lock/idle-lock.ts';
import {
  AREAS,
  HOA,
  PASSWORDS,
  VILLAGE,
  fakeServices,
  household,
  person,
  recoverySecretOf,
  renderApp,
  sessionOf,
} from './helpers.tsx';
import { refreshVillages } from '../../../src/app/shell/account-flow.ts';
import { RowCipher } from '../../../src/db/crypto/row-cipher.ts';
import { unlockWithPin } from '../../../src/db/crypto/keyring.ts';

/** Fake services whose areas give Hoa's commune a lock time of `minutes` ([M26]). */
function fakeServicesWithLock(minutes: number) {
  const fakes = fakeServices();
  const areas = AREAS[HOA.id]!.map((a) => (a.kind === 'commune' ? { ...a, lockMinutes: minutes } : a));
  fakes.account.areas = async () => ({ ok: true as const, value: areas });
  return fakes;
}

/** The notebook's cipher, opened with the PIN (as the unlock screen would). */
async function unlockedCipher(db: NotebookDb): Promise<RowCipher> {
  const keyring = (await readKeyring(db))!;
  const opened = await unlockWithPin(keyring, PIN);
  if (!opened.ok) throw new Error('PIN');
  return new RowCipher(opened.key);
}

const PIN = '482915';
const handles: NotebookDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  delete (navigator as { credentials?: unknown }).credentials;
  for (const db of handles.splice(0)) db.close();
});

/** The app's own handle on a notebook: locked at start, as lazyNotebook() makes it. */
function atStart(name: string): NotebookDb {
  const db = new NotebookDb(name, { lock: new NotebookLock('locked') });
  handles.push(db);
  return db;
}

/** A plain notebook from before the PIN, with Hoa's profile, two households and pending edits. */
async function plainNotebook(): Promise<{ name: string; pending: number }> {
  const db = new NotebookDb(`lock-${crypto.randomUUID()}`);
  await setProfile(db, {
    volunteerName: HOA.name,
    villages: [{ id: VILLAGE, name: 'Thôn Đông' }],
    villageId: VILLAGE,
  });
  await applyPullPage(db, [], 'c0', false);
  const h = await household(db, 'Nguyễn Văn Đức');
  await person(db, h.id, 'Nguyễn Văn Đức');
  await household(db, 'Trần Thị Mai');
  const pending = (await outboxEntries(db)).length;
  db.close();
  return { name: db.name, pending };
}

async function typePin(label: string, pin: string) {
  fireEvent.input(await screen.findByLabelText(label), { target: { value: pin } });
}

async function choosePin(pin: string, again = pin) {
  await typePin('Mã PIN (6 chữ số)', pin);
  await typePin('Nhập lại mã PIN', again);
  fireEvent.click(screen.getByRole('button', { name: 'Đặt mã PIN' }));
}

async function unlockWith(pin: string) {
  await typePin('Mã PIN (6 chữ số)', pin);
  fireEvent.click(screen.getByRole('button', { name: 'Mở khoá' }));
}

describe('the PIN at the first start', () => {
  it('seals a plain notebook in place: easy or mismatched PINs refused, then the list, the edits kept', async () => {
    const { name, pending } = await plainNotebook();
    const db = atStart(name);
    const before = await outboxEntries(db);
    const fakes = fakeServices();
    renderApp(db, '/', fakes);
    expect(await screen.findByRole('heading', { name: 'Đặt mã PIN' })).toBeTruthy();
    // Nothing of the notebook shows before the PIN.
    expect(screen.queryByText('Nguyễn Văn Đức')).toBeNull();
    await choosePin('123456');
    expect(
      await screen.findByText('Mã PIN này quá dễ đoán (như 123456, 000000, 121212). Hãy chọn mã khác.'),
    ).toBeTruthy();
    await choosePin(PIN, '482916');
    expect(await screen.findByText('Hai lần nhập không giống nhau.')).toBeTruthy();
    expect(await readKeyring(db)).toBeNull();
    await choosePin(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('Trần Thị Mai')).toBeTruthy();
    expect(db.lock.state).toBe('open');
    const keyring = await readKeyring(db);
    expect(keyring?.byRecovery).toBeDefined(); // online: the recovery wrap was made at once
    expect(await outboxEntries(db)).toEqual(before);
    expect(before).toHaveLength(pending);
  });
});

describe('the PIN at every start', () => {
  async function sealedNotebook() {
    const { name } = await plainNotebook();
    const db = atStart(name);
    await sealNotebook(db, PIN, recoverySecretOf(HOA.id), 1000);
    const outbox = await outboxEntries(db);
    db.lock.lock();
    return Object.assign(db, { outboxAtStart: outbox });
  }

  /** The phone shows the app again (jsdom's page is never "visible" by itself). */
  function backInHand() {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
  }

  it('asks for the PIN; a wrong one is counted, the right one opens the list', async () => {
    const db = await sealedNotebook();
    renderApp(db, '/', fakeServices());
    expect(await screen.findByRole('heading', { name: 'Mở khoá Sổ 06' })).toBeTruthy();
    expect(screen.getByText(`Xin chào ${HOA.name}. Nhập mã PIN để mở sổ.`)).toBeTruthy();
    await unlockWith('111111');
    expect(await screen.findByText('Sai mã PIN. Còn 4 lần thử.')).toBeTruthy();
    expect(screen.queryByText('Nguyễn Văn Đức')).toBeNull();
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
  });

  it('after five wrong PINs: the password online, a new PIN, the same notebook and outbox', async () => {
    const db = await sealedNotebook();
    const before = db.outboxAtStart;
    const fakes = fakeServices();
    renderApp(db, '/', fakes);
    for (let left = 4; left >= 1; left--) {
      await unlockWith('111111');
      expect(await screen.findByText(`Sai mã PIN. Còn ${left} lần thử.`)).toBeTruthy();
    }
    await unlockWith('111111');
    expect(await screen.findByRole('heading', { name: 'Mở sổ bằng mật khẩu' })).toBeTruthy();
    expect(screen.getByText(/Đã nhập sai mã PIN 5 lần/)).toBeTruthy();
    // Offline, it says so and keeps everything.
    fakes.account.failNext = { kind: 'network', message: 'Failed to fetch' };
    fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: PASSWORDS[HOA.phone] } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByText(/Cần có mạng để đăng nhập lại/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: 'sai-mat-khau' } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByText('Sai số điện thoại hoặc mật khẩu.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: PASSWORDS[HOA.phone] } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByRole('heading', { name: 'Đặt mã PIN mới' })).toBeTruthy();
    await choosePin('135790');
    expect(await screen.findByText('Nguyễn Văn Đức', {}, { timeout: 5000 })).toBeTruthy();
    expect(await outboxEntries(db)).toEqual(before);
    expect(fakes.sessions.session?.token).toBe(fakes.account.recoveryKeys.at(-1));
  });

  it('locks itself after five minutes away, and the PIN opens it again where it was', async () => {
    const db = await sealedNotebook();
    renderApp(db, '/', fakeServices());
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
    // Back after six minutes in a pocket (its timers frozen meanwhile).
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + LOCK_AFTER_MS + 60_000);
    backInHand();
    expect(await screen.findByText('Sổ 06 đã khoá vì không dùng một lúc.')).toBeTruthy();
    expect(screen.queryByText('Nguyễn Văn Đức')).toBeNull();
    expect(db.lock.state).toBe('locked');
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
  });

  it("[M26] takes the commune's lock time from the volunteer's villages: 2 minutes", async () => {
    const db = await sealedNotebook();
    db.lock.open(await unlockedCipher(db));
    await refreshVillages(db, fakeServicesWithLock(2).services, sessionOf(HOA));
    expect((await getProfile(db))?.lockMinutes).toBe(2);
    db.lock.lock();
    renderApp(db, '/', fakeServices());
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 2 * 60_000 + 5_000);
    backInHand();
    expect(await screen.findByText('Sổ 06 đã khoá vì không dùng một lúc.')).toBeTruthy();
  });

  it('a touch within the five minutes keeps it open', async () => {
    const db = await sealedNotebook();
    renderApp(db, '/', fakeServices());
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + LOCK_AFTER_MS - 60_000);
    fireEvent.pointerDown(document.body);
    clock.mockReturnValue(now + LOCK_AFTER_MS + 60_000);
    backInHand();
    await waitFor(() => expect(db.lock.state).toBe('open'));
    expect(screen.getByText('Nguyễn Văn Đức')).toBeTruthy();
  });

  it('the settings change the PIN (the current one counted if wrong) and lock at once', async () => {
    const db = await sealedNotebook();
    renderApp(db, '/', fakeServices());
    await unlockWith(PIN);
    expect(await screen.findByText('Nguyễn Văn Đức')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Cài đặt' }));
    expect(await screen.findByRole('heading', { name: 'Khoá sổ' })).toBeTruthy();
    // No WebAuthn in this browser: the fingerprint is not offered.
    expect(screen.queryByRole('button', { name: 'Bật mở bằng vân tay' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mã PIN' }));
    await typePin('Mã PIN hiện tại', '111111');
    await typePin('Mã PIN mới', '135790');
    await typePin('Nhập lại mã PIN mới', '135790');
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mã PIN' }));
    expect(await screen.findByText('Sai mã PIN. Còn 4 lần thử.')).toBeTruthy();
    await typePin('Mã PIN hiện tại', PIN);
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mã PIN' }));
    expect(await screen.findByText('Đã đổi mã PIN.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Khoá ngay' }));
    expect(await screen.findByRole('heading', { name: 'Mở khoá Sổ 06' })).toBeTruthy();
    expect(db.lock.state).toBe('locked');
    // Locked by the volunteer, not by the timer: the screen does not say it was left unused.
    expect(screen.queryByText('Sổ 06 đã khoá vì không dùng một lúc.')).toBeNull();
    await unlockWith(PIN);
    expect(await screen.findByText('Sai mã PIN. Còn 4 lần thử.')).toBeTruthy();
    await unlockWith('135790');
    expect(await screen.findByRole('heading', { name: 'Cài đặt' })).toBeTruthy();
  });

  it('the fingerprint: turned on in the settings with the PIN, then opens the notebook by itself', async () => {
    const authenticator = fakePlatformAuthenticator();
    const db = await sealedNotebook();
    renderApp(db, '/cai-dat', fakeServices());
    await unlockWith(PIN);
    fireEvent.click(await screen.findByRole('button', { name: 'Bật mở bằng vân tay' }));
    await typePin('Nhập mã PIN để bật', PIN);
    authenticator.refuseNext = true; // the person cancels at the phone's prompt
    fireEvent.click(screen.getByRole('button', { name: 'Bật mở bằng vân tay' }));
    expect(await screen.findByText(/Không bật được/)).toBeTruthy();
    await typePin('Nhập mã PIN để bật', PIN);
    fireEvent.click(screen.getByRole('button', { name: 'Bật mở bằng vân tay' }));
    expect(await screen.findByText('Đã bật: lần sau có thể mở sổ bằng vân tay.')).toBeTruthy();
    expect(authenticator.created).toBe(2);

    fireEvent.click(screen.getByRole('button', { name: 'Khoá ngay' }));
    authenticator.refuseNext = true;
    fireEvent.click(await screen.findByRole('button', { name: 'Mở bằng vân tay' }));
    expect(await screen.findByText('Chưa mở được bằng vân tay. Thử lại, hoặc nhập mã PIN.')).toBeTruthy();
    expect(db.lock.state).toBe('locked');
    fireEvent.click(screen.getByRole('button', { name: 'Mở bằng vân tay' }));
    expect(await screen.findByRole('heading', { name: 'Cài đặt' })).toBeTruthy();
    expect(db.lock.state).toBe('open');

    // Another authenticator (the phone reset): the PIN is still there.
    fireEvent.click(await screen.findByRole('button', { name: 'Khoá ngay' }));
    authenticator.secret = crypto.getRandomValues(new Uint8Array(32));
    fireEvent.click(await screen.findByRole('button', { name: 'Mở bằng vân tay' }));
    expect(await screen.findByText(/Máy không còn nhận vân tay/)).toBeTruthy();
    await unlockWith(PIN);
    fireEvent.click(await screen.findByRole('button', { name: 'Tắt mở bằng vân tay' }));
    expect(await screen.findByText('Đã tắt mở bằng vân tay.')).toBeTruthy();
    expect((await readKeyring(db))!.byDevice).toBeUndefined();
  });
});

/**
 * A platform authenticator with the PRF extension, as WebAuthn shows one to the page: its output is
 * SHA-256 of its own secret and the input (an HMAC stands behind it on a phone). `refuseNext`: the next
 * prompt is cancelled (NotAllowedError).
 */
function fakePlatformAuthenticator() {
  const state = { secret: crypto.getRandomValues(new Uint8Array(32)), refuseNext: false, created: 0 };
  const prf = async (input: BufferSource) => {
    const bytes = new Uint8Array(input instanceof ArrayBuffer ? input : (input as Uint8Array).buffer);
    return crypto.subtle.digest('SHA-256', new Uint8Array([...state.secret, ...bytes]));
  };
  const answer = async (options: {
    publicKey: { extensions: { prf: { eval: { first: BufferSource } } } };
  }) => {
    if (state.refuseNext) {
      state.refuseNext = false;
      throw new DOMException('cancelled', 'NotAllowedError');
    }
    const first = await prf(options.publicKey.extensions.prf.eval.first);
    return {
      rawId: new Uint8Array([1, 2, 3, 4]).buffer,
      getClientExtensionResults: () => ({ prf: { enabled: true, results: { first } } }),
    };
  };
  vi.stubGlobal('PublicKeyCredential', {
    isUserVerifyingPlatformAuthenticatorAvailable: () => Promise.resolve(true),
  });
  vi.stubGlobal('isSecureContext', true);
  Object.defineProperty(navigator, 'credentials', {
    configurable: true,
    value: {
      create: (o: Parameters<typeof answer>[0]) => {
        state.created++;
        return answer(o);
      },
      get: answer,
    },
  });
  return state;
}
