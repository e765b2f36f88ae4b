// Camera frame → text of the QR code in it. Android Chrome has a native BarcodeDetector; desktop Chromium
// on Linux, Firefox and iOS Safari do not, and there jsQR decodes in JavaScript. jsQR is loaded by a
// dynamic import so that its ~45 KB gzipped stay out of the first screen's budget until someone scans.
// CCCD payloads are UTF-8 Vietnamese; both paths repair text that a decoder read in the wrong encoding.
import type jsQrFunction from 'jsqr';

/** An RGBA frame: what `CanvasRenderingContext2D.getImageData` returns, or a test's own buffer. */
export interface RgbaImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}
/** Where to look for `BarcodeDetector`: globalThis, or a stand-in in tests. TypeScript's DOM lib lacks it. */
export interface DetectorScope {
  BarcodeDetector?: BarcodeDetectorClass;
}

type JsQr = typeof jsQrFunction;
let jsQrLoad: Promise<JsQr> | undefined;

function loadJsQr(): Promise<JsQr> {
  jsQrLoad ??= import('jsqr').then((mod) => {
    // CommonJS interop differs between Vite's prebundle and Node: the function may sit one level deeper.
    const exported = mod.default as JsQr | { default: JsQr };
    return typeof exported === 'function' ? exported : exported.default;
  });
  return jsQrLoad;
}

/** The text of the QR code in `image`, or null when none is found. */
export async function decodeQrFromImageData(image: RgbaImage): Promise<string | null> {
  const jsQR = await loadJsQr();
  // The card's code is dark on light: skipping the inverted pass halves the work per frame.
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  return code ? textFromQrBytes(code.data, code.binaryData) : null;
}

const detectors = new WeakMap<object, Promise<BarcodeDetectorLike | null>>();

function nativeDetector(scope: DetectorScope): Promise<BarcodeDetectorLike | null> {
  let detector = detectors.get(scope);
  if (!detector) {
    detector = (async () => {
      const Detector = 'BarcodeDetector' in scope ? scope.BarcodeDetector : undefined;
      if (typeof Detector !== 'function') return null;
      try {
        const formats = await Detector.getSupportedFormats();
        return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
      } catch {
        return null;
      }
    })();
    detectors.set(scope, detector);
  }
  return detector;
}

/**
 * The text of the QR code in `source` read by the platform's BarcodeDetector; null when there is none,
 * when the platform has no detector for QR codes, or when the detector fails.
 */
export async function decodeWithBarcodeDetector(
  source: ImageBitmapSource,
  scope: DetectorScope = globalThis as DetectorScope,
): Promise<string | null> {
  const detector = await nativeDetector(scope);
  if (!detector) return null;
  try {
    return await detectText(detector, source);
  } catch {
    return null;
  }
}

async function detectText(detector: BarcodeDetectorLike, source: ImageBitmapSource): Promise<string | null> {
  const found = await detector.detect(source);
  const code = found.find((b) => b.format === 'qr_code' && b.rawValue !== '');
  return code ? repairMojibake(code.rawValue) : null;
}

export interface QrDecoder {
  /** Which decoder reads the frames now; it turns to 'jsqr' if the native one fails. */
  readonly kind: 'barcode-detector' | 'jsqr';
  decode(frame: RgbaImage): Promise<string | null>;
}

/** The best decoder this platform has: the native detector for QR codes, else jsQR. */
export async function createDecoder(scope: DetectorScope = globalThis as DetectorScope): Promise<QrDecoder> {
  const detector = await nativeDetector(scope);
  let kind: QrDecoder['kind'] = detector ? 'barcode-detector' : 'jsqr';
  return {
    get kind() {
      return kind;
    },
    async decode(frame) {
      if (detector && kind === 'barcode-detector') {
        try {
          return await detectText(detector, asImageSource(frame));
        } catch {
          // Some Android builds advertise the detector but throw when used (no Play services).
          kind = 'jsqr';
        }
      }
      return decodeQrFromImageData(frame);
    },
  };
}

function asImageSource(frame: RgbaImage): ImageBitmapSource {
  if (typeof ImageData !== 'function' || frame instanceof ImageData) return frame as ImageData;
  return new ImageData(frame.data as Uint8ClampedArray<ArrayBuffer>, frame.width, frame.height);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The payload's text from jsQR's `data` and `binaryData`. jsQR decodes each byte segment as UTF-8 on
 * its own and silently drops a segment that fails, so when `data` is not exactly the bytes' UTF-8 the
 * bytes are decoded whole; text that is UTF-8 read as Latin-1 ("Nguyá»…n") is repaired either way.
 */
export function textFromQrBytes(data: string, bytes: readonly number[]): string {
  const faithful =
    data !== '' &&
    !data.includes('\uFFFD') &&
    (bytes.length === 0 || new TextEncoder().encode(data).length === bytes.length);
  if (faithful) return repairMojibake(data);
  try {
    return repairMojibake(utf8.decode(Uint8Array.from(bytes)));
  } catch {
    // Not UTF-8 at all: keep what was read, marking lost bytes with U+FFFD so the parser can say so.
    return data !== '' ? data : new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  }
}

// windows-1252's characters for bytes 0x80–0x9F (its five unassigned bytes stand for themselves).
// Written out because Node's TextDecoder reads 'windows-1252' as plain Latin-1.
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** The byte a Latin-1 or windows-1252 decoder turned into `ch`: the encodings decoders wrongly assume. */
function singleByteCode(ch: string): number | undefined {
  const code = ch.charCodeAt(0);
  if (code <= 0xff) return code;
  const high = CP1252_80_9F.indexOf(ch);
  return high >= 0 ? 0x80 + high : undefined;
}

/**
 * UTF-8 that was read as Latin-1 or windows-1252 back to what it said: "Nguyá»…n Thá»‹" → "Nguyễn Thị".
 * Text is left alone unless every character is single-byte and the bytes form valid UTF-8; real
 * Vietnamese never does (a letter like "à" is never followed by the symbols UTF-8 continues with).
 */
export function repairMojibake(text: string): string {
  if (!/[\u0080-\uFFFF]/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = singleByteCode(text[i]!);
    if (b === undefined) return text;
    bytes[i] = b;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return text;
  }
}
