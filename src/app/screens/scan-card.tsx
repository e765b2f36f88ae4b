// Scan the QR code of a chip CCCD card to fill in a member: the back camera read a few times a second,
// or a photo of the card; a good read stops the camera and shows what to do with it (scan-result.tsx).
// Nothing of the picture is kept or sent: frames are read on the phone and dropped.
import { useRoute } from 'preact-iso';
import { useRef, useState } from 'preact/hooks';
import { parseCccdQr, type CccdQrProblem, type CccdQrResult } from '../../domain/cccd-qr.ts';
import { describeCccdQrProblem } from '../../domain/cccd-qr-messages.ts';
import { BackLink } from '../components/back-link.tsx';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { ScanResult } from '../scan/scan-result.tsx';
import { forgetPixels, imageFromFile } from '../scan/scanner.ts';
import { usePageVisible, useQrCamera } from '../scan/use-qr-camera.ts';
import { todayInVietnam } from '../device/today.ts';

const mark = (name: string) => performance.mark?.(name);

export default function ScanCardScreen() {
  const t = useT();
  const language = useLanguage();
  const householdId = useRoute().params.id ?? '';
  const video = useRef<HTMLVideoElement>(null);
  const [problems, setProblems] = useState<CccdQrProblem[]>([]);
  const [photo, setPhoto] = useState<'reading' | 'not_found' | null>(null);
  const [result, setResult] = useState<CccdQrResult | null>(null);
  const lastText = useRef('');
  const visible = usePageVisible();

  /** True when the text was a card's code: the read is done. */
  const read = (text: string): boolean => {
    if (text === lastText.current) return false;
    lastText.current = text;
    const parsed = parseCccdQr(text, todayInVietnam());
    if (!parsed.ok) {
      setProblems(parsed.problems);
      return false;
    }
    mark('scan:decoded');
    setProblems([]);
    setPhoto(null);
    setResult(parsed);
    return true;
  };

  // The camera runs while there is no result and the page is shown.
  const { decoder, kind, camera, torchOn, toggleTorch } = useQrCamera(
    video,
    result === null && visible,
    read,
  );

  const readPhoto = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // The same photo may be chosen again after a failed read.
    input.value = '';
    if (!file) return;
    setPhoto('reading');
    const qr = await decoder;
    const frame = await imageFromFile(file);
    const text = frame ? await qr.decode(frame).catch(() => null) : null;
    forgetPixels();
    if (!text) return setPhoto('not_found');
    setPhoto(null);
    // A photo is read even when the camera saw the same code a moment ago.
    lastText.current = '';
    read(text);
  };

  const again = () => {
    lastText.current = '';
    setProblems([]);
    setResult(null);
  };

  const failure = camera.state === 'failed' ? camera.why : null;
  return (
    <section class="screen scan-screen" data-decoder={kind ?? undefined}>
      <BackLink href={paths.household(householdId)} label={t.app.backToHousehold} />
      <h1>{t.scan.title}</h1>
      {!result && <p>{t.scan.aim}</p>}
      <div class="scan-view" hidden={result !== null || failure !== null}>
        <video ref={video} class="scan-video" muted playsInline />
        {camera.state === 'starting' && <p class="scan-starting">{t.scan.starting}</p>}
      </div>
      {result ? (
        <ScanResult householdId={householdId} result={result} onAgain={again} />
      ) : (
        <>
          {camera.state === 'on' && camera.torch && (
            <button
              type="button"
              class="button scan-torch"
              aria-pressed={torchOn}
              onClick={() => void toggleTorch(camera.torch!)}
            >
              {torchOn ? t.scan.torchOff : t.scan.torchOn}
            </button>
          )}
          {failure && (
            <p class="form-error" role="alert">
              {{ denied: t.scan.denied, no_camera: t.scan.noCamera, failed: t.scan.failed }[failure]}{' '}
              {t.scan.ways}
            </p>
          )}
          {problems.length > 0 && (
            <div class="id-warning" role="alert">
              <p>{t.scan.rejected}</p>
              <ul>
                {problems.map((p) => (
                  <li key={`${p.field}:${p.code}`}>{describeCccdQrProblem(p, language)}</li>
                ))}
              </ul>
            </div>
          )}
          <div class="scan-ways">
            <label class="button scan-photo">
              {t.scan.photo}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                class="visually-hidden"
                onChange={(e) => void readPhoto(e.currentTarget)}
              />
            </label>
            <a class="button" href={paths.newPerson(householdId)}>
              {t.scan.manual}
            </a>
          </div>
          <p class={`scan-note${photo === 'not_found' ? ' id-warning' : ''}`} role="status">
            {photo === 'reading' ? t.scan.reading : photo === 'not_found' ? t.scan.notFound : ''}
          </p>
          <p class="muted scan-privacy">{t.scan.privacy}</p>
        </>
      )}
    </section>
  );
}
