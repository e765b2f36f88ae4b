// @vitest-environment jsdom
// A new phone set up with a one-time code (SYNC-API.md [M20]–[M23]): typed, opened from the sheet's
// address, or scanned with the card scanner's camera; and a phone revoked by the commune ([D9], [D10]):
// it hands in its edits, wipes itself and says so on the sign-in screen. jsdom has no camera:
// scanner.ts is replaced by a decoder that reads the payloads a test scripts (as in scan-card.test).
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEVICE_ID,
  HOA,
  fakeServices,
  freshDb,
  household,
  notebookWithProfile,
  renderApp,
} from './helpers.tsx';

const scan = vi.hoisted(() => ({ camera: [] as (string | null)[] }));

vi.mock('../../../src/app/scan/scanner.ts', () => ({
  MAX_SIDE: 1280,
  openDecoder: async () => ({
    kind: 'jsqr' as const,
    decode: async () => (scan.camera.length > 1 ? scan.camera.shift()! : (scan.camera[0] ?? null)),
  }),
  readFrame: () => ({ data: new Uint8ClampedArray(4), width: 1, height: 1 }),
  imageFromFile: async () => null,
  forgetPixels: () => {},
}));

const CARD = '001190012345|012345678|Nguyễn Thị Lan|15031990|Nữ|Thôn Đông|10052021';

beforeEach(() => {
  scan.camera = [];
  localStorage.clear();
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  const track = { stop: vi.fn(), getCapabilities: () => ({}), applyConstraints: vi.fn() };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] };
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getUserMedia: vi.fn(async () => stream) },
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete (navigator as { mediaDevices?: unknown }).mediaDevices;
});

function signedOut() {
  const fakes = fakeServices(null);
  fakes.transport.online();
  fakes.account.setupCodes.set('WXYZ7892', HOA);
  return fakes;
}

describe('setting a phone up with a code', () => {
  it('[M21] [M22] from the sign-in screen: "Nhập mã", a typed code, and the notebook opens', async () => {
    const fakes = signedOut();
    renderApp(freshDb(), '/', fakes);
    fireEvent.click(await screen.findByRole('link', { name: 'Nhập mã' }));
    await screen.findByRole('heading', { name: 'Thiết lập máy bằng mã' });
    // Not a code: said at once, nothing asked of the server.
    fireEvent.input(screen.getByLabelText('Mã thiết lập'), { target: { value: 'WXYZ-789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập bằng mã' }));
    expect(await screen.findByText('Mã gồm 8 ký tự (chữ A–Z và số 2–9).')).toBeTruthy();
    expect(fakes.account.setups).toEqual([]);
    fireEvent.input(screen.getByLabelText('Mã thiết lập'), { target: { value: 'wxyz-7892' } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập bằng mã' }));
    expect(await screen.findByRole('heading', { name: 'Danh sách hộ' })).toBeTruthy();
    expect(fakes.account.setups).toEqual([{ code: 'WXYZ7892', deviceId: DEVICE_ID }]);
    expect(fakes.sessions.session?.user.id).toBe(HOA.id);
  });

  it('[M23] a used or wrong code is said plainly, and the phone stays on the screen', async () => {
    const fakes = signedOut();
    renderApp(freshDb(), '/thiet-lap', fakes);
    fireEvent.input(await screen.findByLabelText('Mã thiết lập'), { target: { value: 'AAAA-BBBB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập bằng mã' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Mã không đúng, đã dùng hoặc đã hết hạn/);
    expect(fakes.sessions.session).toBeUndefined();
  });

  it('[M20] the sheet’s address fills the code and leaves the address bar at once', async () => {
    const fakes = signedOut();
    renderApp(freshDb(), '/thiet-lap#WXYZ7892', fakes);
    const field = (await screen.findByLabelText('Mã thiết lập')) as HTMLInputElement;
    expect(field.value).toBe('WXYZ7892');
    await waitFor(() => expect(location.hash).toBe(''));
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập bằng mã' }));
    expect(await screen.findByRole('heading', { name: 'Danh sách hộ' })).toBeTruthy();
  });

  it('[M20] "Quét mã thiết lập": a CCCD card is not taken for a code; the sheet’s QR signs in', async () => {
    const fakes = signedOut();
    scan.camera = [CARD, 'http://192.168.1.5:8080/thiet-lap#WXYZ7892'];
    renderApp(freshDb(), '/', fakes);
    fireEvent.click(await screen.findByRole('link', { name: 'Quét mã thiết lập' }));
    expect(await screen.findByRole('heading', { name: 'Danh sách hộ' }, { timeout: 3000 })).toBeTruthy();
    expect(fakes.account.setups.map((s) => s.code)).toEqual(['WXYZ7892']);
  });
});

describe('a phone the commune revoked ([D9], [D10])', () => {
  it('hands in its edit, confirms, wipes its notebook and says why on the sign-in screen', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    const fakes = fakeServices();
    fakes.transport.online();
    const applied = fakes.transport.push;
    fakes.transport.push = (request) => {
      const answer = applied(request);
      return answer.ok ? { ok: true, value: { ...answer.value, revoke: true } } : answer;
    };
    renderApp(db, '/', fakes);
    expect(await screen.findByText(/Máy này đã được thu hồi theo yêu cầu của Công an xã/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    expect(fakes.transport.pushes.flatMap((p) => p.mutations)).toHaveLength(1);
    expect(fakes.transport.revokeConfirmations).toBe(1);
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(fakes.sessions.session).toBeUndefined();
  });
});
