// One campaign (rà soát, issue 17) for the commune police: what it targets, where and until when, and
// its progress as the server counts it ([C7]): done of all items with a bar, the target, what is left,
// what is overdue after the deadline, and the households out of reach (refused, moved away) counted
// apart, never hidden; then the same per village. "Kết thúc đợt" asks first, then shows the figures
// fixed at the close. The result exports as CSV, XLSX and an A4 print.
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Area } from '../../domain/areas.ts';
import type { Campaign, CampaignProgress, ProgressCounts } from '../../domain/campaigns.ts';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { percent } from '../../domain/review.ts';
import type { HttpResult } from '../../sync/http-client.ts';
import { BackLink } from '../components/back-link.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { useT } from '../i18n/i18n.ts';
import { useDirectsCommune } from '../shell/directs-commune.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import { formatTimeVi } from '../text/format-time.ts';
import { ruleText, useCampaignT, villageNamesText } from './campaign-messages.ts';
import { FileExport } from './file-export.tsx';
import { LoadFailure, whyText } from './failure.tsx';
import { formatCount, formatPercent } from './format.ts';
import { useReviewT } from './messages.ts';
import { fromApi, useRemote, type Remote } from './use-review-data.ts';
import { useCampaignAreas } from './campaign-areas.ts';
import './review.css';
import './campaigns.css';

interface CampaignData {
  campaign: Campaign;
  progress: CampaignProgress;
}

export default function ReviewCampaign() {
  const m = useCampaignT();
  const { params } = useRoute();
  const id = params.id ?? '';
  const { campaigns } = useServices();
  const [areas] = useCampaignAreas();
  const known = areas.state === 'ok' ? areas.value : null;
  const [data, reload] = useRemote<CampaignData>(
    async (token) => {
      if (areas.state === 'loading') return { state: 'loading' };
      if (areas.state === 'failed') return { state: 'failed', failure: areas.failure };
      const progress = await campaigns.progress(token, id);
      if (!progress.ok) return fromApi(progress);
      // There is no "one campaign" read: it is found in its commune's list, the commune being the
      // parent of its first village (else each commune the officer may read is asked).
      const all = known ?? [];
      const first = progress.value.villages[0]?.villageId;
      const parent = all.find((a) => a.id === first)?.parentId;
      const communes = parent ? [parent] : all.filter((a) => a.kind === 'commune').map((a) => a.id);
      const lists = await Promise.all(communes.map((c) => campaigns.list(token, c)));
      const campaign = lists.flatMap((l) => (l.ok ? l.value : [])).find((c) => c.id === id);
      if (!campaign) {
        const failed = lists.find((l): l is Extract<HttpResult<Campaign[]>, { ok: false }> => !l.ok);
        return failed ? fromApi(failed) : { state: 'failed', failure: { kind: 'not_found', message: id } };
      }
      return { state: 'ok', value: { campaign, progress: progress.value } };
    },
    [id, areas.state, known],
  );

  return (
    <section class="screen review review-campaign" data-campaign-id={id}>
      <BackLink
        href={paths.reviewCampaigns(data.state === 'ok' ? data.value.campaign.communeId : undefined)}
        label={m.backToList}
      />
      {data.state === 'loading' && <p class="muted">{m.loading}</p>}
      {data.state === 'failed' && <Failed data={data} onRetry={reload} />}
      {data.state === 'ok' && <CampaignView data={data.value} areas={known ?? []} onChanged={reload} />}
    </section>
  );
}

function Failed({
  data,
  onRetry,
}: {
  data: Extract<Remote<CampaignData>, { state: 'failed' }>;
  onRetry: () => void;
}) {
  const m = useCampaignT();
  if (data.failure.kind === 'not_found') return <p class="empty">{m.notFound}</p>;
  return <LoadFailure failure={data.failure} text={m.failed} onRetry={onRetry} />;
}

function CampaignView({
  data,
  areas,
  onChanged,
}: {
  data: CampaignData;
  areas: Area[];
  onChanged: () => void;
}) {
  const m = useCampaignT();
  const t = useT();
  const { campaign: c, progress } = data;
  const commune = areas.find((a) => a.id === c.communeId);
  const villages = areas.filter((a) => a.kind === 'village' && a.parentId === c.communeId);
  const villageNames = new Map(villages.map((v) => [v.id, v.name]));
  const closed = c.status === 'closed';
  // Overdue is judged on the day of the figures: today while it runs, the close's day once closed.
  const day = isoDateInVietnam(Date.parse(progress.asOf));
  const pastDeadline = day > c.dueOn;
  const rule = ruleText(m, c.rule, t.taskKind);
  const directs = useDirectsCommune(c.communeId);
  return (
    <>
      <header class="report-heading print-only">
        <p class="report-title">{m.report.heading}</p>
        <p>{m.report.place(commune?.name ?? c.communeId)}</p>
        <p>{m.report.printedOn(formatDateVi(isoDateInVietnam(Date.now())))}</p>
      </header>
      <h1>{c.name}</h1>
      <p class="campaign-badges">
        <span class={closed ? 'badge plain' : 'badge ok'} data-status={c.status}>
          {m.status[c.status]}
        </span>
        {!closed && pastDeadline && <span class="badge overdue">{m.overdue}</span>}
      </p>
      <dl class="campaign-facts">
        <dt>{m.page.rule}</dt>
        <dd data-field="rule">{rule}</dd>
        <dt>{m.page.villages}</dt>
        <dd data-field="villages">{villageNamesText(m, c.villageIds, villages)}</dd>
        <dt>{m.page.period}</dt>
        <dd data-field="period">{m.period(formatDateVi(c.startsOn), formatDateVi(c.dueOn))}</dd>
        <dt>{m.columns.target}</dt>
        <dd data-field="target">
          {c.targetPercent === null ? m.noTarget : m.targetPercent(c.targetPercent)}
        </dd>
      </dl>
      <p class="as-of" data-as-of={progress.asOf}>
        {closed
          ? m.page.closedFigures(formatTimeVi(Date.parse(progress.asOf)))
          : m.page.asOf(formatTimeVi(Date.parse(progress.asOf)))}
      </p>
      <Totals campaign={c} counts={progress.total} pastDeadline={pastDeadline} />
      <h2>{m.page.byVillage}</h2>
      <VillageTable progress={progress} villageNames={villageNames} pastDeadline={pastDeadline} />
      <div class="review-actions screen-only">
        <button type="button" class="button small" onClick={onChanged}>
          {m.page.refresh}
        </button>
        {/* [C6] Only those who direct the commune close its campaigns (a province's police read them). */}
        {!closed && directs && <CloseButton campaign={c} onClosed={onChanged} />}
      </div>
      <CampaignExport
        data={data}
        villageNames={villageNames}
        rule={rule}
        communeName={commune?.name ?? c.communeId}
      />
      <div class="report-signature print-only">
        <p>{m.report.signer}</p>
        <p class="muted">{m.report.signHint}</p>
      </div>
    </>
  );
}

function Totals({
  campaign,
  counts,
  pastDeadline,
}: {
  campaign: Campaign;
  counts: ProgressCounts;
  pastDeadline: boolean;
}) {
  const m = useCampaignT();
  const share = percent(counts.done, counts.items);
  const target = campaign.targetPercent;
  // The fewest items done that reach the target (a share of the items, rounded up).
  const missing = target === null ? 0 : Math.max(0, Math.ceil((target * counts.items) / 100) - counts.done);
  return (
    <section class="campaign-progress" aria-labelledby="campaign-progress-title">
      <h2 id="campaign-progress-title" class="visually-hidden">
        {m.page.progress}
      </h2>
      <p class="campaign-done" data-done={counts.done} data-items={counts.items}>
        <strong>{m.page.done(formatCount(counts.done), formatCount(counts.items))}</strong>{' '}
        <span class="campaign-percent">({formatPercent(share)})</span>
      </p>
      <div
        class="campaign-bar"
        role="progressbar"
        aria-label={m.page.bar(formatPercent(share))}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share}
      >
        <span class="campaign-bar-fill" style={{ width: `${share}%` }} />
        {target !== null && (
          <span class="campaign-bar-target" style={{ left: `${target}%` }} aria-hidden="true" />
        )}
      </div>
      {counts.items === 0 && <p class="muted">{m.page.noItems}</p>}
      {target !== null && (
        <p class="campaign-target" data-missing={missing}>
          {m.page.target(target, formatDateVi(campaign.dueOn))}:{' '}
          {missing === 0 ? (
            <span class="badge ok">{m.page.targetReached}</span>
          ) : (
            <span>{m.page.targetMissing(missing)}</span>
          )}
        </p>
      )}
      <ul class="campaign-figures">
        <li data-figure="pending">{m.page.pending(formatCount(counts.pending))}</li>
        <li data-figure="overdue" class={pastDeadline && counts.overdue > 0 ? 'flag' : undefined}>
          {m.page.overdue(formatCount(counts.overdue))}
          {pastDeadline && counts.overdue > 0 && (
            <>
              {' '}
              <span class="badge overdue">{m.page.pastDue(formatDateVi(campaign.dueOn))}</span>
            </>
          )}
        </li>
        <li data-figure="outOfReach">
          {m.page.outOfReach(formatCount(counts.outOfReach))}
          <span class="muted"> · {m.page.outOfReachNote}</span>
        </li>
      </ul>
    </section>
  );
}

const FIGURES = ['items', 'done', 'pending', 'overdue', 'outOfReach'] as const;

function VillageTable({
  progress,
  villageNames,
  pastDeadline,
}: {
  progress: CampaignProgress;
  villageNames: ReadonlyMap<string, string>;
  pastDeadline: boolean;
}) {
  const m = useCampaignT();
  const cols = m.page.columns;
  const cells = (row: ProgressCounts) => (
    <>
      {FIGURES.map((f) => (
        <td
          key={f}
          class={f === 'overdue' && pastDeadline && row.overdue > 0 ? 'num flag' : 'num'}
          data-column={f}
          data-value={row[f]}
        >
          {formatCount(row[f])}
        </td>
      ))}
      <td class="num" data-column="percent" data-value={percent(row.done, row.items)}>
        {formatPercent(percent(row.done, row.items))}
      </td>
    </>
  );
  return (
    // Focusable, so that a keyboard can scroll it when a narrow screen clips the table.
    <div class="table-scroll campaign-scroll" tabIndex={0} role="region" aria-label={m.page.tableLabel}>
      <table class="campaign-table">
        <thead>
          <tr>
            <th scope="col">{cols.village}</th>
            {[cols.items, cols.done, cols.pending, cols.overdue, cols.outOfReach, cols.percent].map(
              (label) => (
                <th key={label} scope="col" class="num">
                  {label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {progress.villages.map((v) => (
            <tr key={v.villageId} data-village-id={v.villageId}>
              <th scope="row">
                <a class="village-link" href={paths.reviewVillage(v.villageId)}>
                  {villageNames.get(v.villageId) ?? v.villageId}
                </a>
              </th>
              {cells(v)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="total" data-village-id="">
            <th scope="row">{m.page.total}</th>
            {cells(progress.total)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CloseButton({ campaign, onClosed }: { campaign: Campaign; onClosed: () => void }) {
  const m = useCampaignT();
  const r = useReviewT();
  const { campaigns } = useServices();
  const { session } = useSession();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const close = async () => {
    setAsking(false);
    setBusy(true);
    setError('');
    const answer = await campaigns.close(session?.token ?? '', campaign.id);
    setBusy(false);
    if (answer.ok) onClosed();
    else setError(m.page.closeFailed(whyText(r, answer.failure)));
  };
  return (
    <>
      <button type="button" class="button small danger" disabled={busy} onClick={() => setAsking(true)}>
        {busy ? m.page.closing : m.page.close}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          question={m.page.closeQuestion(campaign.name)}
          detail={m.page.closeDetail}
          confirmLabel={m.page.close}
          onConfirm={() => void close()}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}

function CampaignExport({
  data,
  villageNames,
  rule,
  communeName,
}: {
  data: CampaignData;
  villageNames: ReadonlyMap<string, string>;
  rule: string;
  communeName: string;
}) {
  const m = useCampaignT();
  return (
    <FileExport
      label={m.export.label}
      print={m.export.print}
      make={async (ext) => {
        // The writers (papaparse, write-excel-file) load on the first tap, never with the screen.
        const { saveCampaignFile } = await import('./campaign-export.ts');
        await saveCampaignFile(ext, data.campaign, data.progress, villageNames, rule, communeName, m);
      }}
    />
  );
}
