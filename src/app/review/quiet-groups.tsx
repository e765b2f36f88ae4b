// Which working groups have gone quiet: the villages none of whose phones synced for more than
// QUIET_AFTER_DAYS days, then every phone with its volunteer and its last push and pull.
import {
  isQuiet,
  lastSyncOf,
  QUIET_AFTER_DAYS,
  type DeviceSync,
  type TallyRow,
} from '../../domain/review.ts';
import { formatTimeVi } from '../text/format-time.ts';
import { useReviewT } from './messages.ts';
import type { VillageSync } from './overview-model.ts';

const DAY_MS = 86_400_000;

export function QuietGroups({
  rows,
  devices,
  syncs,
  now,
}: {
  rows: readonly TallyRow[];
  devices: readonly DeviceSync[];
  syncs: ReadonlyMap<string, VillageSync>;
  now: number;
}) {
  const r = useReviewT();
  const names = new Map(rows.map((row) => [row.areaId, row.areaName]));
  const quietVillages = rows.filter((row) => syncs.get(row.areaId)?.quiet);
  const when = (at: string | null) => (at ? formatTimeVi(Date.parse(at)) : r.quiet.never);
  return (
    <section class="quiet-groups" aria-labelledby="quiet-title">
      <h2 id="quiet-title" class="section-title">
        {r.quiet.title}
      </h2>
      <p class="muted">{r.quiet.intro(QUIET_AFTER_DAYS)}</p>
      {quietVillages.length === 0 ? (
        <p class="all-fine">{r.quiet.allFine}</p>
      ) : (
        <ul class="quiet-villages">
          {quietVillages.map((row) => {
            const at = syncs.get(row.areaId)?.lastSyncAt ?? null;
            return (
              <li key={row.areaId} data-area-id={row.areaId} class="flag">
                <strong>{row.areaName}</strong>: {daysText(r, at, now)}
              </li>
            );
          })}
        </ul>
      )}
      {devices.length === 0 ? (
        <p class="empty">{r.quiet.noDevices}</p>
      ) : (
        // Focusable, so that a keyboard can scroll it when the window is too narrow for it; on a phone
        // (review.css) each phone is a block of its own instead, nothing to scroll.
        <div class="table-scroll" tabIndex={0} role="region" aria-label={r.quiet.devicesLabel}>
          <table class="device-table">
            <thead>
              <tr>
                <th scope="col">{r.quiet.member}</th>
                <th scope="col">{r.quiet.villages}</th>
                <th scope="col">{r.quiet.lastPush}</th>
                <th scope="col">{r.quiet.lastPull}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => {
                const quiet = isQuiet(lastSyncOf(d), now);
                return (
                  <tr
                    key={`${d.deviceId}:${d.userId}`}
                    data-device-id={d.deviceId}
                    data-quiet={quiet ? 'true' : 'false'}
                    class={quiet ? 'quiet' : undefined}
                  >
                    <th scope="row">
                      {d.userName}
                      {quiet && <span class="badge flag-badge">{r.quiet.flag(QUIET_AFTER_DAYS)}</span>}
                    </th>
                    <td data-label={r.quiet.villages}>
                      {(d.areaIds ?? []).map((id) => names.get(id) ?? id).join(', ')}
                    </td>
                    <td data-label={r.quiet.lastPush}>{when(d.lastPushAt)}</td>
                    <td data-label={r.quiet.lastPull}>{when(d.lastPullAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function daysText(r: ReturnType<typeof useReviewT>, at: string | null, now: number): string {
  if (!at) return r.quiet.never;
  return r.quiet.since(formatTimeVi(Date.parse(at)), Math.floor((now - Date.parse(at)) / DAY_MS));
}
