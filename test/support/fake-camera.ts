// A clip for Chromium's fake camera (--use-file-for-fake-video-capture): a QR code made by the
// `qrcode` package, drawn black on white in the middle of each frame, written as Y4M (YUV 4:2:0).
// Chromium plays the file in a loop, so a few identical frames are enough.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

export interface ClipOptions {
  width?: number;
  height?: number;
  frames?: number;
}

/** Writes a Y4M clip showing `text` as a QR code and returns its path. */
export function writeQrClip(path: string, text: string, options: ClipOptions = {}): string {
  const { width = 640, height = 480, frames = 5 } = options;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  // As large as fits the short side with its quiet zone: what a card held up to the lens looks like.
  const scale = Math.floor(Math.min(width, height) / (size + 2 * quiet));
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size * scale; y++)
    for (let x = 0; x < size * scale; x++)
      if (qr.modules.get(Math.floor(y / scale), Math.floor(x / scale)))
        luma[(top + y) * width + left + x] = 16;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return path;
}

/** Chromium's flags to play `clip` as the camera, with the permission granted. */
export function fakeCameraArgs(clip: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ];
}
