// One volunteer's set-up code: the QR code a phone scans, the 8 characters to type instead, and until
// when it works. Shown on the screen for a volunteer at the desk, and one per volunteer on the sheet.
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { setupUrl } from '../../domain/setup-code.ts';
import type { SetupCode } from '../../domain/manage.ts';
import { formatClockVi } from '../text/format-time.ts';
import { useManageT } from './messages.ts';
import { QrCode } from './qr-code.tsx';

export const untilText = (iso: string): string => {
  const ms = Date.parse(iso);
  return `${formatClockVi(ms)} ${formatDateVi(isoDateInVietnam(ms))}`;
};

export function SetupCodeView({ code, village }: { code: SetupCode; village?: string }) {
  const m = useManageT();
  return (
    <div class="setup-code-view" data-setup-code={code.code}>
      <QrCode text={setupUrl(location.origin, code.code)} label={m.code.qrLabel(code.volunteer.name)} />
      <div>
        <p class="setup-code-name">{code.volunteer.name}</p>
        {village && <p class="muted">{village}</p>}
        <p class="setup-code-text">{code.display}</p>
        <p class="muted">{m.code.expires(untilText(code.expiresAt))}</p>
      </div>
    </div>
  );
}

export function SetupCodeCard({ code, onClose }: { code: SetupCode; onClose: () => void }) {
  const m = useManageT();
  return (
    <section class="setup-code-card" aria-label={m.code.title(code.volunteer.name)}>
      <h3>{m.code.title(code.volunteer.name)}</h3>
      <SetupCodeView code={code} />
      <p>{m.code.how}</p>
      <p class="muted">{m.code.replaces}</p>
      <div class="form-actions">
        <button type="button" class="button" onClick={() => print()}>
          {m.code.print}
        </button>
        <button type="button" class="button" onClick={onClose}>
          {m.code.close}
        </button>
      </div>
    </section>
  );
}
