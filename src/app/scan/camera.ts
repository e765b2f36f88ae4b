// The back camera into a <video>: open it, tell why it would not open, switch its light, stop it.

export type CameraFailure = 'denied' | 'no_camera' | 'failed';

export interface OpenCamera {
  stream: MediaStream;
  track: MediaStreamTrack | undefined;
  /** The camera has a light the page may switch (Android Chrome on most phones). */
  torch: boolean;
}

/** Opens the back camera (any camera when there is none) and plays it in `video`. */
export async function openCamera(video: HTMLVideoElement): Promise<OpenCamera> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  // No mediaDevices: an old browser, or a page not served over HTTPS.
  if (!media?.getUserMedia) throw new DOMException('No camera API', 'NotFoundError');
  const stream = await media.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  try {
    video.muted = true;
    video.srcObject = stream;
    await video.play();
  } catch (error) {
    stopCamera(stream, video);
    throw error;
  }
  const track = stream.getVideoTracks()[0];
  const capabilities = track?.getCapabilities?.() as { torch?: boolean } | undefined;
  return { stream, track, torch: capabilities?.torch === true };
}

export function stopCamera(stream: MediaStream | null | undefined, video: HTMLVideoElement | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  if (video && video.srcObject === stream) video.srcObject = null;
}

export function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  // `torch` is not in TypeScript's DOM types yet.
  return track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}

export function cameraFailure(error: unknown): CameraFailure {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_camera';
  return 'failed';
}
