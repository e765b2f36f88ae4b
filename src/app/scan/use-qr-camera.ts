// The back camera read a few times a second for a QR code, while `active` (no result yet and the page
// shown): hiding the tab, leaving the screen and a good read all stop every track. Shared by the
// card scan and the phone's set-up scan. Frames are read on the phone and dropped, never kept.
import type { RefObject } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { cameraFailure, openCamera, setTorch, stopCamera, type CameraFailure } from './camera.ts';
import { forgetPixels, openDecoder, readFrame, type QrDecoder } from './scanner.ts';

/** Time between the end of one frame's decode and the next frame: never two decodes at once. */
const FRAME_INTERVAL_MS = 150;

export type Camera =
  | { state: 'starting' }
  | { state: 'on'; torch: MediaStreamTrack | undefined }
  | { state: 'failed'; why: CameraFailure };

const mark = (name: string) => performance.mark?.(name);

/**
 * Runs the camera into `video` while `active`, handing each decoded text to `read`; `read` answers
 * true when the text was the one wanted (the camera then stops).
 */
export function useQrCamera(
  video: RefObject<HTMLVideoElement>,
  active: boolean,
  read: (text: string) => boolean,
) {
  const decoder = useMemo(() => openDecoder(), []);
  const [kind, setKind] = useState<QrDecoder['kind'] | null>(null);
  const [camera, setCamera] = useState<Camera>({ state: 'starting' });
  const [torchOn, setTorchOn] = useState(false);

  useEffect(() => {
    void decoder.then((d) => setKind(d.kind));
    return forgetPixels;
  }, [decoder]);

  useEffect(() => {
    const element = video.current;
    if (!active || !element) return;
    let live = true;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      live = false;
      clearTimeout(timer);
      stopCamera(stream, element);
      stream = null;
      forgetPixels();
    };
    setCamera({ state: 'starting' });
    setTorchOn(false);
    void (async () => {
      let opened;
      try {
        opened = await openCamera(element);
      } catch (error) {
        if (live) setCamera({ state: 'failed', why: cameraFailure(error) });
        return;
      }
      if (!live) return stopCamera(opened.stream, element);
      stream = opened.stream;
      mark('scan:camera-started');
      setCamera({ state: 'on', torch: opened.torch ? opened.track : undefined });
      const qr = await decoder;
      const tick = async () => {
        const frame = live ? readFrame(element) : null;
        const text = frame ? await qr.decode(frame).catch(() => null) : null;
        if (!live) return;
        setKind(qr.kind);
        if (text && read(text)) return stop();
        timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
      };
      void tick();
    })();
    return stop;
    // `read` is the one of the render that started the camera: callers keep what it needs in refs
    // and state setters, which do not go stale.
  }, [active, decoder]);

  const toggleTorch = async (track: MediaStreamTrack) => {
    try {
      await setTorch(track, !torchOn);
      setTorchOn(!torchOn);
    } catch {
      // The light refused (another app holds it): the button stays as it was.
    }
  };

  return { decoder, kind, camera, torchOn, toggleTorch };
}

export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
