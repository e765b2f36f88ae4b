// "Có phiên bản mới": shown when a new version waits; the person decides when it runs.
import { useT } from '../i18n/i18n.ts';
import { applyUpdate, useUpdateState } from '../shell/sw-update.ts';

export function UpdateBanner() {
  const t = useT();
  const { available, waitingForForm } = useUpdateState();
  if (!available) return null;
  return (
    <div class="update-banner" role="status">
      <span>{waitingForForm ? t.update.afterForm : t.update.available}</span>
      {!waitingForForm && (
        <button type="button" class="button small" onClick={applyUpdate}>
          {t.update.apply}
        </button>
      )}
    </div>
  );
}
