// Tests of the scan decode path: QR images made here (qrcode's module matrix drawn into an RGBA buffer,
// no canvas needed) go through jsQR and then the CCCD parser, and Vietnamese must survive the trip.
// A stand-in BarcodeDetector covers the native path, which Node and desktop Chromium on Linux lack.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assertProperty } from '../../support/seeds.ts';
import QRCode from 'qrcode';
import {
  createDecoder,
  decodeQrFromImageData,
  decodeWithBarcodeDetector,
  repairMojibake,
  textFromQrBytes,
  type DetectorScope,
  type RgbaImage,
} from '../../../src/app/scan/decode.ts';
import { parseCccdQr, type CccdQrFields } from '../../../src/domain/cccd-qr.ts';

const TODAY = '2025-09-01';

/** `text` as a QR code: 4 px per module and a 4-module quiet zone, dark on white. */
function qrImage(text: string, pixelsPerModule = 4): RgbaImage {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const side = (modules.size + 2 * quiet) * pixelsPerModule;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / pixelsPerModule) - quiet;
      const col = Math.floor(x / pixelsPerModule) - quiet;
      const inside = row >= 0 && col >= 0 && row < modules.size && col < modules.size;
      if (inside && modules.get(row, col)) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, width: side, height: side };
}

function blankImage(side = 200): RgbaImage {
  return { data: new Uint8ClampedArray(side * side * 4).fill(255), width: side, height: side };
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
// windows-1252 for bytes 0x80–0x9F, spelled out: Node's TextDecoder reads 'windows-1252' as Latin-1.
const CP1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];
/** What a decoder that assumes windows-1252 makes of UTF-8 text. */
const asCp1252 = (s: string) =>
  utf8(s)
    .map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b)))
    .join('');
/** What a decoder that assumes ISO-8859-1 makes of it. */
const asLatin1 = (s: string) => String.fromCharCode(...utf8(s));

// Invented people: Phạm Thị Ngọc Diễm (female, born 2003 in Đà Nẵng, 048 3 03 …) and Lê Đức Thắng
// (male, born 1979 in Thanh Hóa, 038 0 79 …).
const DIEM =
  '048303009876|201234567|Phạm Thị Ngọc Diễm|07112003|Nữ|Tổ 12, Phường Hòa Khánh Bắc, Đà Nẵng|18042021';
const DIEM_FIELDS: CccdQrFields = {
  idNumber: '048303009876',
  oldIdNumber: '201234567',
  fullName: 'Phạm Thị Ngọc Diễm',
  birthDate: '2003-11-07',
  gender: 'female',
  address: 'Tổ 12, Phường Hòa Khánh Bắc, Đà Nẵng',
  cccdIssuedOn: '2021-04-18',
};
const THANG = '038079004321|Lê Đức Thắng|23091979|Nam|Thôn Yên Trung, Xã Định Tân, Tỉnh Thanh Hóa|30062022';
const THANG_FIELDS: CccdQrFields = {
  idNumber: '038079004321',
  fullName: 'Lê Đức Thắng',
  birthDate: '1979-09-23',
  gender: 'male',
  address: 'Thôn Yên Trung, Xã Định Tân, Tỉnh Thanh Hóa',
  cccdIssuedOn: '2022-06-30',
};

describe('decodeQrFromImageData then parseCccdQr', () => {
  it.each<[string, string, CccdQrFields]>([
    ['a 7-field card with diacritics in name and address', DIEM, DIEM_FIELDS],
    ['a 6-field card', THANG, THANG_FIELDS],
    ['an NFD-encoded payload', DIEM.normalize('NFD'), DIEM_FIELDS],
    ['a payload that was UTF-8 read as windows-1252 before it was encoded', asCp1252(THANG), THANG_FIELDS],
  ])('%s', async (_case, payload, fields) => {
    const text = await decodeQrFromImageData(qrImage(payload));
    expect(text).not.toBeNull();
    const result = parseCccdQr(text!, TODAY);
    expect(result.fields).toEqual(fields);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('gives the payload back exactly, diacritics included', async () => {
    expect(await decodeQrFromImageData(qrImage(DIEM))).toBe(DIEM);
    expect(await decodeQrFromImageData(qrImage(DIEM.normalize('NFD'), 3))).toBe(DIEM.normalize('NFD'));
  });

  it('finds nothing in a blank image', async () => {
    expect(await decodeQrFromImageData(blankImage())).toBeNull();
  });

  it('finds nothing in noise', async () => {
    const image = blankImage(120);
    for (let i = 0; i < image.data.length; i += 4)
      image.data.fill((i * 7919) % 251 > 125 ? 0 : 255, i, i + 3);
    expect(await decodeQrFromImageData(image)).toBeNull();
  });
});

describe('textFromQrBytes', () => {
  it.each<[string, string, number[], string]>([
    ['faithful text is kept', 'Đà Nẵng', utf8('Đà Nẵng'), 'Đà Nẵng'],
    [
      'mojibake in data is repaired from the bytes',
      asCp1252('Nguyễn Thị Hà'),
      utf8('Nguyễn Thị Hà'),
      'Nguyễn Thị Hà',
    ],
    ['an empty data with bytes: the bytes are decoded', '', utf8('Trần Văn Bảy'), 'Trần Văn Bảy'],
    [
      'a segment jsQR dropped is recovered',
      '001085012345|',
      utf8('001085012345|Hồ Văn Tư'),
      '001085012345|Hồ Văn Tư',
    ],
    ['U+FFFD in data: the bytes are decoded', 'L\uFFFD', utf8('Lê'), 'Lê'],
    ['bytes that are not UTF-8 keep what jsQR read', 'abc', [0x61, 0x62, 0x63, 0xff], 'abc'],
    ['bytes that are not UTF-8 and no data: lost bytes become U+FFFD', '', [0x4c, 0xea, 0x7c], 'L\uFFFD|'],
    ['ASCII', '001085012345|012345678', utf8('001085012345|012345678'), '001085012345|012345678'],
  ])('%s', (_case, data, bytes, want) => {
    expect(textFromQrBytes(data, bytes)).toBe(want);
  });
});

describe('repairMojibake', () => {
  it.each<[string, string, string]>([
    ['windows-1252 mojibake', 'Nguyá»…n VÄƒn An', 'Nguyễn Văn An'],
    ['Latin-1 mojibake (C1 controls)', asLatin1('Hà Nội'), 'Hà Nội'],
    ['real Vietnamese within Latin-1 is left alone', 'Lê Hà Tây', 'Lê Hà Tây'],
    ['real Vietnamese outside Latin-1 is left alone', 'Nguyễn Thị Ánh', 'Nguyễn Thị Ánh'],
    ['ASCII is left alone', 'Nguyen Van An|15031985', 'Nguyen Van An|15031985'],
    ['the empty string', '', ''],
  ])('%s', (_case, input, want) => {
    expect(repairMojibake(input)).toBe(want);
  });

  it('undoes windows-1252 and Latin-1 mojibake of any text', () => {
    assertProperty(
      'test/unit/app/cccd-decode.test.ts > repairMojibake undoes windows-1252 and Latin-1 mojibake of any text',
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        expect(repairMojibake(asCp1252(s))).toBe(s);
        expect(repairMojibake(asLatin1(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('never changes text written in the Vietnamese alphabet', () => {
    const letters = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
    ];
    const letter = fc.constantFrom(
      ...letters,
      ...letters.map((l) => l.toUpperCase()),
      ' ',
      ',',
      '|',
      '0',
      '9',
    );
    assertProperty(
      'test/unit/app/cccd-decode.test.ts > repairMojibake never changes text written in the Vietnamese alphabet',
      fc.property(fc.array(letter, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(repairMojibake(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

/** A stand-in for the platform's BarcodeDetector. */
function fakeScope(options: {
  formats?: string[];
  detect?: (source: unknown) => Promise<{ rawValue: string; format: string }[]>;
}): DetectorScope {
  class FakeDetector {
    static getSupportedFormats = () => Promise.resolve(options.formats ?? ['qr_code', 'ean_13']);
    detect(source: unknown) {
      return options.detect ? options.detect(source) : Promise.resolve([]);
    }
  }
  return { BarcodeDetector: FakeDetector };
}

describe('BarcodeDetector and the choice of decoder', () => {
  it('uses jsQR where there is no BarcodeDetector', async () => {
    const scope: DetectorScope = {};
    expect(await decodeWithBarcodeDetector(blankImage() as ImageData, scope)).toBeNull();
    const decoder = await createDecoder(scope);
    expect(decoder.kind).toBe('jsqr');
    expect(await decoder.decode(qrImage(THANG))).toBe(THANG);
  });

  it('uses jsQR where the BarcodeDetector cannot read QR codes', async () => {
    const scope = fakeScope({
      formats: ['ean_13'],
      detect: () => Promise.reject(new Error('must not be called')),
    });
    expect(await decodeWithBarcodeDetector(blankImage() as ImageData, scope)).toBeNull();
    expect((await createDecoder(scope)).kind).toBe('jsqr');
  });

  it('reads through the BarcodeDetector and repairs its mojibake', async () => {
    const scope = fakeScope({
      detect: () =>
        Promise.resolve([
          { rawValue: '8935000000017', format: 'ean_13' },
          { rawValue: asCp1252(DIEM), format: 'qr_code' },
        ]),
    });
    expect(await decodeWithBarcodeDetector(blankImage() as ImageData, scope)).toBe(DIEM);
    const decoder = await createDecoder(scope);
    expect(decoder.kind).toBe('barcode-detector');
    expect(await decoder.decode(blankImage())).toBe(DIEM);
  });

  it('returns null when the BarcodeDetector sees no QR code', async () => {
    const decoder = await createDecoder(fakeScope({ detect: () => Promise.resolve([]) }));
    expect(await decoder.decode(qrImage(THANG))).toBeNull();
  });

  it('falls back to jsQR for good when the BarcodeDetector fails', async () => {
    let calls = 0;
    const scope = fakeScope({
      detect: () => {
        calls++;
        return Promise.reject(
          new DOMException('Barcode detection service unavailable.', 'NotSupportedError'),
        );
      },
    });
    expect(await decodeWithBarcodeDetector(blankImage() as ImageData, scope)).toBeNull();
    const decoder = await createDecoder(scope);
    expect(decoder.kind).toBe('barcode-detector');
    expect(await decoder.decode(qrImage(DIEM))).toBe(DIEM);
    expect(decoder.kind).toBe('jsqr');
    expect(await decoder.decode(qrImage(THANG))).toBe(THANG);
    expect(calls).toBe(2);
  });
});
