// The scan screen's pixels: the decoder, a camera frame and a photo as RGBA images for it. Kept apart
// from the screen so that component tests replace this module (jsdom has no canvas and no camera).
// One offscreen canvas is reused for every frame and cleared when the screen stops scanning.
import { createDecoder, type QrDecoder, type RgbaImage } from './decode.ts';

export type { QrDecoder, RgbaImage };

/** A big photo is scaled down to this many pixels on its long side: enough for a card's QR code. */
export const MAX_SIDE = 1280;

export function openDecoder(): Promise<QrDecoder> {
  return createDecoder();
}

let canvas: HTMLCanvasElement | null = null;
let context: CanvasRenderingContext2D | null = null;

function draw(source: CanvasImageSource, width: number, height: number): RgbaImage | null {
  if (!width || !height) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  canvas ??= document.createElement('canvas');
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  context ??= canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

/** The video's current frame, or null while it has none yet. */
export function readFrame(video: HTMLVideoElement): RgbaImage | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
  return draw(video, video.videoWidth, video.videoHeight);
}

/** A chosen photo's pixels, or null when the browser cannot open it as an image. */
export async function imageFromFile(file: Blob): Promise<RgbaImage | null> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file);
      try {
        return draw(bitmap, bitmap.width, bitmap.height);
      } finally {
        bitmap.close();
      }
    } catch {
      // Some formats open only through <img> (older WebKit): try that below.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return draw(image, image.naturalWidth, image.naturalHeight);
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Drops the last frame's pixels: nothing of the card stays in memory once scanning stops. */
export function forgetPixels(): void {
  if (canvas) canvas.width = canvas.height = 0;
  canvas = null;
  context = null;
}
