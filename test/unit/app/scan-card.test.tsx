// @vitest-environment jsdom
// Scanning a CCCD card's QR code into the household: the camera refused, a new person filled into the
// form (the card's address kept only when asked), a member already in the household compared field by
// field with a "wrong information" task one tap away, and a photo of the card. jsdom has no camera and
// no canvas: getUserMedia is a stand-in, and scanner.ts (frames, photos, the decoder) is replaced by a
// decoder that reads the payloads a test scripts.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RgbaImage } from '../../../src/app/scan/decode.ts';
import { household, notebookWithProfile, person, renderApp } from './helpers.tsx';

const scan = vi.hoisted(() => {
  const cameraFrame = { data: new Uint8ClampedArray(4), width: 1, height: 1 };
  const photoFrame = { data: new Uint8ClampedArray(4), width: 1, height: 1 };
  return {
    cameraFrame,
    photoFrame,
    /** What the camera shows, one payload per frame; null: no code in sight. */
    camera: [] as (string | null)[],
    /** The code in the chosen photo; null: none; 'unreadable': not an image at all. */
    photo: null as string | null,
    decoded: 0,
  };
});

vi.mock('../../../src/app/scan/scanner.ts', () => ({
  MAX_SIDE: 1280,
  openDecoder: async () => ({
    kind: 'jsqr' as const,
    decode: async (frame: RgbaImage) => {
      scan.decoded += 1;
      if (frame === scan.photoFrame) return scan.photo;
      return scan.camera.length > 1 ? scan.camera.shift()! : (scan.camera[0] ?? null);
    },
  }),
  readFrame: () => scan.cameraFrame,
  imageFromFile: async () => (scan.photo === 'unreadable' ? null : scan.photoFrame),
  forgetPixels: () => {},
}));

// Invented people. A woman born in 1990 (fourth digit 1) registered in Hà Nội (001): 7 fields.
const ADDRESS = 'Số 5, ngõ 2, Thôn Đông, Xã Hòa Bình';
const CARD = `001190012345|012345678|Nguyễn Thị Lan|15031990|Nữ|${ADDRESS}|10052021`;

interface FakeTrack {
  stop: ReturnType<typeof vi.fn>;
  getCapabilities: () => { torch?: boolean };
  applyConstraints: ReturnType<typeof vi.fn>;
}

/** A camera that opens (with a light when `torch`), or fails with the DOMException named. */
function fakeCamera(options: { fail?: string; torch?: boolean } = {}) {
  const track: FakeTrack = {
    stop: vi.fn(),
    getCapabilities: () => (options.torch ? { torch: true } : {}),
    applyConstraints: vi.fn(async () => {}),
  };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] };
  const getUserMedia = vi.fn(async () => {
    if (options.fail) throw new DOMException('camera', options.fail);
    return stream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  return { track, getUserMedia };
}

beforeEach(() => {
  scan.camera = [];
  scan.photo = null;
  scan.decoded = 0;
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  performance.clearMarks();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  delete (navigator as { mediaDevices?: unknown }).mediaDevices;
});

async function scanScreen(
  setUp?: (db: Awaited<ReturnType<typeof notebookWithProfile>>, hid: string) => Promise<void>,
) {
  const db = await notebookWithProfile();
  const h = await household(db, 'Nguyễn Văn Đức');
  await setUp?.(db, h.id);
  renderApp(db, `/ho/${h.id}/quet`);
  await screen.findByRole('heading', { name: 'Quét mã QR trên thẻ CCCD' });
  return { db, h };
}

const resultRegion = async () => {
  await waitFor(() => expect(document.querySelector('[data-scan-result]')).not.toBeNull());
  return document.querySelector<HTMLElement>('[data-scan-result]')!;
};

const valueOf = (label: string | RegExp) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('the way to the scan screen', () => {
  it('is a link next to "+ Thêm nhân khẩu" on the household screen', async () => {
    fakeCamera({ fail: 'NotAllowedError' });
    const db = await notebookWithProfile();
    const h = await household(db, 'Nguyễn Văn Đức');
    renderApp(db, `/ho/${h.id}`);
    const link = await screen.findByRole('link', { name: 'Quét thẻ CCCD' });
    expect(link.getAttribute('href')).toBe(`/ho/${h.id}/quet`);
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { name: 'Quét mã QR trên thẻ CCCD' })).toBeTruthy();
  });
});

describe('when the camera does not open', () => {
  it('says the camera is not allowed and offers typing it in and a photo', async () => {
    const { getUserMedia } = fakeCamera({ fail: 'NotAllowedError' });
    const { h } = await scanScreen();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Sổ 06 chưa được phép dùng camera: hãy cho phép trong cài đặt trình duyệt. Hoặc chụp ảnh thẻ, hoặc nhập tay.',
    );
    expect(getUserMedia).toHaveBeenCalledWith({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    });
    expect(screen.getByRole('link', { name: 'Nhập tay' }).getAttribute('href')).toBe(
      `/ho/${h.id}/nhan-khau/moi`,
    );
    const photo = screen.getByLabelText('Chụp ảnh thẻ');
    expect(photo.getAttribute('type')).toBe('file');
    expect(photo.getAttribute('accept')).toBe('image/*');
    expect(photo.getAttribute('capture')).toBe('environment');
    expect(document.querySelector('.scan-view')!.hasAttribute('hidden')).toBe(true);
    expect(screen.getByText('Ảnh chỉ được đọc trên máy này, không lưu và không gửi đi.')).toBeTruthy();
  });

  it('says there is no camera, on a phone without one or a browser without the API', async () => {
    fakeCamera({ fail: 'NotFoundError' });
    await scanScreen();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Không tìm thấy camera/);
  });

  it('says so when the camera fails for another reason', async () => {
    fakeCamera({ fail: 'NotReadableError' });
    await scanScreen();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Không mở được camera/);
  });

  it('treats a browser with no mediaDevices as having no camera', async () => {
    await scanScreen();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Không tìm thấy camera/);
  });
});

describe('a card read by the camera, of someone not in the household', () => {
  it('stops the camera, shows the card, and fills the new member form with it', async () => {
    // The frame loop's timer is a fake one (time runs on as usual), so that "no frame is read after
    // the good one" is checked past several frame intervals at once instead of by waiting them out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const { track } = fakeCamera();
    scan.camera = [CARD];
    const { db, h } = await scanScreen();
    const result = await resultRegion();
    expect(track.stop).toHaveBeenCalled();
    expect(document.querySelector('section[data-decoder]')!.getAttribute('data-decoder')).toBe('jsqr');
    expect(document.querySelector('video.scan-video')).not.toBeNull();
    expect(performance.getEntriesByName('scan:camera-started')).toHaveLength(1);
    expect(performance.getEntriesByName('scan:decoded')).toHaveLength(1);
    // What was read, as the forms write it.
    const shown = (field: string) => result.querySelector(`[data-field="${field}"] dd`)!.textContent;
    expect(shown('idNumber')).toBe('001 190 012345');
    expect(shown('fullName')).toBe('Nguyễn Thị Lan');
    expect(shown('birthDate')).toBe('15/03/1990');
    expect(shown('gender')).toBe('Nữ');
    expect(shown('cccdIssuedOn')).toBe('10/05/2021');
    expect(await within(result).findByText('Chưa có người này trong hộ.')).toBeTruthy();
    // Reading stopped with the camera.
    const decodes = scan.decoded;
    await vi.advanceTimersByTimeAsync(1_000); // six frame intervals and more: any next frame is due
    expect(scan.decoded).toBe(decodes);

    fireEvent.click(within(result).getByRole('button', { name: 'Thêm nhân khẩu theo thẻ' }));
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    // Nothing of the card in the address bar or its history.
    expect(location.pathname).toBe(`/ho/${h.id}/nhan-khau/moi`);
    await waitFor(() => expect(valueOf('Họ và tên')).toBe('Nguyễn Thị Lan'));
    expect(valueOf('Ngày sinh')).toBe('15/03/1990');
    expect(valueOf(/^Ngày cấp thẻ/)).toBe('10/05/2021');
    expect(valueOf(/^Số định danh cá nhân/)).toBe('001190012345');
    expect((screen.getByLabelText('Nữ') as HTMLInputElement).checked).toBe(true);
    expect(valueOf('Thẻ căn cước (CCCD)')).toBe('issued');
    expect(valueOf('Quan hệ với chủ hộ')).toBe('');
    expect(valueOf(/^Ghi chú/)).toBe('');

    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'spouse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    const [saved] = await db.persons.toArray();
    expect(saved).toMatchObject({
      householdId: h.id,
      fullName: 'Nguyễn Thị Lan',
      birthDate: '1990-03-15',
      gender: 'female',
      relation: 'spouse',
      idNumber: '001190012345',
      cccdStatus: 'issued',
      cccdIssuedOn: '2021-05-10',
      vneidStatus: 'none',
    });
    // The address on the card is not stored unless the volunteer asked for it.
    expect(saved!.note ?? '').toBe('');
    expect(JSON.stringify(await db.persons.toArray())).not.toContain('ngõ 2');
  });

  it('keeps the card’s address in the note when the box is ticked', async () => {
    fakeCamera();
    scan.camera = [CARD];
    const { db } = await scanScreen();
    const result = await resultRegion();
    const box = (await within(result).findByLabelText(
      'Lưu địa chỉ trên thẻ vào ghi chú',
    )) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(within(result).getByRole('button', { name: 'Thêm nhân khẩu theo thẻ' }));
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    await waitFor(() => expect(valueOf(/^Ghi chú/)).toBe(`Địa chỉ trên thẻ CCCD: ${ADDRESS}`));
    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'head' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect(await db.persons.count()).toBe(1));
    const [saved] = await db.persons.toArray();
    expect(saved!.note).toBe(`Địa chỉ trên thẻ CCCD: ${ADDRESS}`);
  });

  it('a form opened afterwards by hand is empty: the card is handed over once', async () => {
    fakeCamera();
    scan.camera = [CARD];
    const { h } = await scanScreen();
    const result = await resultRegion();
    fireEvent.click(await within(result).findByRole('button', { name: 'Thêm nhân khẩu theo thẻ' }));
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    await waitFor(() => expect(valueOf('Họ và tên')).toBe('Nguyễn Thị Lan'));
    fireEvent.click(screen.getByRole('link', { name: 'Hủy' }));
    await screen.findByRole('link', { name: '+ Thêm nhân khẩu' });
    fireEvent.click(screen.getByRole('link', { name: '+ Thêm nhân khẩu' }));
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    expect(location.pathname).toBe(`/ho/${h.id}/nhan-khau/moi`);
    expect(valueOf('Họ và tên')).toBe('');
  });
});

describe('a code that is not a usable card', () => {
  it('shows what is wrong and keeps scanning until a card is read', async () => {
    const { track } = fakeCamera();
    scan.camera = ['https://example.com/khuyen-mai'];
    await scanScreen();
    expect(await screen.findByText('Đây không phải mã QR của thẻ CCCD gắn chip.')).toBeTruthy();
    expect(screen.getByText('Mã QR này chưa dùng được:')).toBeTruthy();
    expect(track.stop).not.toHaveBeenCalled();
    scan.camera = [CARD];
    await resultRegion();
    expect(screen.queryByText('Đây không phải mã QR của thẻ CCCD gắn chip.')).toBeNull();
    expect(track.stop).toHaveBeenCalled();
  });

  it('lists the parser’s remarks on a card read with a problem', async () => {
    fakeCamera();
    // The birth year in the ID number (…91…) disagrees with the birth date on the card (1990).
    scan.camera = [`001191012345|012345678|Nguyễn Thị Lan|15031990|Nữ|${ADDRESS}|10052021`];
    await scanScreen();
    const result = await resultRegion();
    expect(within(result).getByText('Cần xem lại:')).toBeTruthy();
    expect(
      within(result).getByText(
        'Số định danh: chữ số thứ 5–6 (91) không khớp với năm sinh 1990 ghi trên thẻ.',
      ),
    ).toBeTruthy();
  });
});

describe('a card of a member already in the household', () => {
  async function knownMember(more: Record<string, unknown> = {}) {
    let memberId = '';
    const opened = await scanScreen(async (db, hid) => {
      const p = await person(db, hid, 'Nguyễn Thị Lan Anh', {
        birthDate: '1991-03-15',
        gender: 'female',
        relation: 'spouse',
        idNumber: '001190012345',
        cccdStatus: 'applied',
        ...more,
      });
      memberId = p.id;
    });
    return { ...opened, memberId };
  }

  it('lists what differs, makes the "wrong information" task in one tap and opens it', async () => {
    fakeCamera();
    scan.camera = [CARD];
    const { db, h, memberId } = await knownMember();
    const result = await resultRegion();
    expect(await within(result).findByText('Người này đã có trong hộ: Nguyễn Thị Lan Anh')).toBeTruthy();
    const fields = [...result.querySelectorAll<HTMLElement>('li[data-diff-field]')].map(
      (li) => li.dataset.diffField,
    );
    expect(fields).toEqual(['fullName', 'birthDate', 'cccdStatus', 'cccdIssuedOn']);
    const name = result.querySelector<HTMLElement>('li[data-diff-field="fullName"]')!;
    expect(name.textContent).toContain('Trên thẻ: Nguyễn Thị Lan');
    expect(name.textContent).toContain('Trong sổ: Nguyễn Thị Lan Anh');
    const birth = result.querySelector<HTMLElement>('li[data-diff-field="birthDate"]')!;
    expect(birth.textContent).toContain('Trên thẻ: 15/03/1990');
    expect(birth.textContent).toContain('Trong sổ: 15/03/1991');
    const issued = result.querySelector<HTMLElement>('li[data-diff-field="cccdIssuedOn"]')!;
    expect(issued.textContent).toContain('Trong sổ: (trống)');
    expect(within(result).getByRole('button', { name: 'Cập nhật theo thẻ' })).toBeTruthy();
    expect(within(result).queryByRole('button', { name: 'Thêm nhân khẩu theo thẻ' })).toBeNull();

    fireEvent.click(within(name).getByRole('button', { name: 'Tạo việc: Sai thông tin' }));
    expect(await within(name).findByText(/Đã tạo việc/)).toBeTruthy();
    expect(within(name).queryByRole('button', { name: 'Tạo việc: Sai thông tin' })).toBeNull();
    const tasks = await db.tasks.toArray();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      householdId: h.id,
      personId: memberId,
      kind: 'wrong_info',
      status: 'open',
    });
    expect(tasks[0]!.note).toBe('Họ và tên trên thẻ CCCD: Nguyễn Thị Lan; trong sổ: Nguyễn Thị Lan Anh.');
    // The other differences still offer their own task.
    expect(within(birth).getByRole('button', { name: 'Tạo việc: Sai thông tin' })).toBeTruthy();

    const open = within(name).getByRole('link', { name: 'Mở việc' });
    expect(open.getAttribute('href')).toBe(`/ho/${h.id}/viec/${tasks[0]!.id}`);
    fireEvent.click(open);
    await screen.findByRole('heading', { name: 'Sửa việc làm sạch dữ liệu' });
    await waitFor(() => expect(valueOf('Loại việc')).toBe('wrong_info'));
    expect(valueOf(/^Ghi chú/)).toContain('Nguyễn Thị Lan Anh');
  });

  it('"Cập nhật theo thẻ" opens the member’s form with the card’s values where they differ', async () => {
    fakeCamera();
    scan.camera = [CARD];
    const { db, h, memberId } = await knownMember({ phone: '0912000111' });
    const result = await resultRegion();
    fireEvent.click(await within(result).findByRole('button', { name: 'Cập nhật theo thẻ' }));
    await screen.findByRole('heading', { name: 'Sửa nhân khẩu' });
    expect(location.pathname).toBe(`/ho/${h.id}/nhan-khau/${memberId}`);
    await waitFor(() => expect(valueOf('Họ và tên')).toBe('Nguyễn Thị Lan'));
    expect(valueOf('Ngày sinh')).toBe('15/03/1990');
    expect(valueOf('Thẻ căn cước (CCCD)')).toBe('issued');
    expect(valueOf(/^Ngày cấp thẻ/)).toBe('10/05/2021');
    // What the card does not speak of stays as the notebook has it.
    expect(valueOf(/^Số điện thoại/)).toBe('0912000111');
    expect(valueOf('Quan hệ với chủ hộ')).toBe('spouse');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    expect(await db.persons.get(memberId)).toMatchObject({
      fullName: 'Nguyễn Thị Lan',
      birthDate: '1990-03-15',
      cccdStatus: 'issued',
      cccdIssuedOn: '2021-05-10',
      phone: '0912000111',
    });
  });

  it('finds the member by name without tone marks and birth date when the notebook has no ID number', async () => {
    fakeCamera();
    scan.camera = [CARD];
    await scanScreen(async (db, hid) => {
      await person(db, hid, 'Nguyen Thi Lan', {
        birthDate: '1990-03-15',
        gender: 'female',
        relation: 'spouse',
      });
    });
    const result = await resultRegion();
    expect(await within(result).findByText('Người này đã có trong hộ: Nguyen Thi Lan')).toBeTruthy();
    const fields = [...result.querySelectorAll<HTMLElement>('li[data-diff-field]')].map(
      (li) => li.dataset.diffField,
    );
    expect(fields).toEqual(['fullName', 'idNumber', 'cccdIssuedOn']);
    expect(result.querySelector('li[data-diff-field="idNumber"]')!.textContent).toContain(
      'Trên thẻ: 001 190 012345',
    );
  });

  it('says the notebook matches the card when nothing differs', async () => {
    fakeCamera();
    scan.camera = [CARD];
    await knownMember({
      fullName: 'Nguyễn Thị Lan',
      birthDate: '1990-03-15',
      cccdStatus: 'issued',
      cccdIssuedOn: '2021-05-10',
    });
    const result = await resultRegion();
    expect(await within(result).findByText('Thông tin trong sổ khớp với thẻ.')).toBeTruthy();
    expect(result.querySelectorAll('li[data-diff-field]')).toHaveLength(0);
  });
});

describe('a photo of the card', () => {
  it('reads the card in a chosen photo when the camera is refused', async () => {
    fakeCamera({ fail: 'NotAllowedError' });
    scan.photo = CARD;
    await scanScreen();
    await screen.findByRole('alert');
    const input = screen.getByLabelText('Chụp ảnh thẻ');
    fireEvent.change(input, { target: { files: [new File(['jpeg'], 'the.jpg', { type: 'image/jpeg' })] } });
    const result = await resultRegion();
    expect(result.querySelector('[data-field="fullName"] dd')!.textContent).toBe('Nguyễn Thị Lan');
    expect(await within(result).findByRole('button', { name: 'Thêm nhân khẩu theo thẻ' })).toBeTruthy();
  });

  it('says when no QR code can be read in the photo, with tips', async () => {
    fakeCamera({ fail: 'NotAllowedError' });
    scan.photo = null;
    await scanScreen();
    const input = await screen.findByLabelText('Chụp ảnh thẻ');
    fireEvent.change(input, { target: { files: [new File(['jpeg'], 'blur.jpg', { type: 'image/jpeg' })] } });
    expect(await screen.findByText(/^Không đọc được mã QR trong ảnh\. Hãy chụp gần hơn/)).toBeTruthy();
    scan.photo = 'unreadable';
    fireEvent.change(input, { target: { files: [new File(['?'], 'x.heic')] } });
    await waitFor(() => expect(scan.decoded).toBe(1));
    expect(screen.getByText(/^Không đọc được mã QR trong ảnh/)).toBeTruthy();
    expect(document.querySelector('[data-scan-result]')).toBeNull();
  });
});

describe('the camera’s life', () => {
  it('stops when the screen is left, and when the tab is hidden; starts again when shown', async () => {
    const { track, getUserMedia } = fakeCamera();
    const { h } = await scanScreen();
    await waitFor(() => expect(performance.getEntriesByName('scan:camera-started')).toHaveLength(1));
    expect(track.stop).not.toHaveBeenCalled();

    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => expect(track.stop).toHaveBeenCalledTimes(1));
    hidden.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(performance.getEntriesByName('scan:camera-started')).toHaveLength(2));

    fireEvent.click(screen.getByRole('link', { name: /Về hộ/ }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    expect(track.stop).toHaveBeenCalledTimes(2);
  });

  it('"Quét lại" starts the camera again after a read', async () => {
    const { getUserMedia } = fakeCamera();
    scan.camera = [CARD];
    await scanScreen();
    const result = await resultRegion();
    scan.camera = [null];
    fireEvent.click(within(result).getByRole('button', { name: 'Quét lại' }));
    await waitFor(() => expect(document.querySelector('[data-scan-result]')).toBeNull());
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    expect(document.querySelector('.scan-view')!.hasAttribute('hidden')).toBe(false);
  });

  it('offers the light when the camera has one, and switches it', async () => {
    const { track } = fakeCamera({ torch: true });
    await scanScreen();
    const on = await screen.findByRole('button', { name: 'Bật đèn' });
    fireEvent.click(on);
    expect(await screen.findByRole('button', { name: 'Tắt đèn' })).toBeTruthy();
    expect(track.applyConstraints).toHaveBeenCalledWith({ advanced: [{ torch: true }] });
  });

  it('offers no light when the camera has none', async () => {
    fakeCamera();
    await scanScreen();
    await waitFor(() => expect(performance.getEntriesByName('scan:camera-started')).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Bật đèn' })).toBeNull();
  });
});
