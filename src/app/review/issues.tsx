// The commune's conflicts and rejected edits, newest first: who sent what, for which household, and
// why the server did not take it whole. The volunteer settles each on their phone; the officer sees
// where the working groups disagree or send bad data.
import { useLocation } from 'preact-iso';
import type { SyncIssue } from '../../domain/review.ts';
import { BackLink } from '../components/back-link.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { fieldLabel, fieldValueText, type NameBook } from '../text/record-text.ts';
import { useServices } from '../shell/services.ts';
import { LoadFailure } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';

export default function ReviewIssues() {
  const r = useReviewT();
  const { review } = useServices();
  const { query } = useLocation();
  const communeId = query.xa ?? '';
  const [data, reload] = useRemote(
    async (token) => fromApi(await review.issues(token, communeId)),
    [communeId],
  );
  return (
    <section class="screen review review-issues">
      <BackLink href={paths.review(communeId || undefined)} label={r.village.back} />
      <h1>{r.issues.title}</h1>
      <p class="muted">{r.issues.intro}</p>
      {data.state === 'loading' && <p class="muted">{r.loading}</p>}
      {data.state === 'failed' && <LoadFailure failure={data.failure} text={r.failed} onRetry={reload} />}
      {data.state === 'ok' &&
        (data.value.length === 0 ? (
          <p class="empty">{r.issues.none}</p>
        ) : (
          <ul class="review-issue-list">
            {data.value.map((issue) => (
              <IssueItem key={`${issue.userId}:${issue.mutationId}`} issue={issue} />
            ))}
          </ul>
        ))}
    </section>
  );
}

// Ids in a value are shown as they are: the officer's device holds no notebook to name them from.
const NO_NAMES: NameBook = { villages: [], households: {}, persons: {} };

function IssueItem({ issue }: { issue: SyncIssue }) {
  const t = useT();
  const r = useReviewT();
  return (
    <li class={`card issue ${issue.status}`} data-mutation-id={issue.mutationId} data-status={issue.status}>
      <span class={issue.status === 'conflict' ? 'badge task' : 'badge warn'}>
        {issue.status === 'conflict' ? r.issues.conflict : r.issues.rejected}
      </span>{' '}
      {issue.headName !== null ? (
        <a class="issue-household" href={paths.reviewHousehold(issue.householdId)}>
          {issue.headName} · {issue.address}
        </a>
      ) : (
        <span class="muted">{r.issues.goneHousehold}</span>
      )}
      <span class="row-meta">{r.issues.entity[issue.entity]}</span>
      <span class="row-meta">{r.issues.by(issue.userName, formatTimeVi(Date.parse(issue.at)))}</span>
      {issue.error && (
        <span>
          {t.issues.reason[issue.error.code]}{' '}
          <span class="muted">{t.issues.serverSaid(issue.error.message)}</span>
        </span>
      )}
      {issue.conflicts && issue.conflicts.length > 0 && (
        <table class="issue-fields">
          <thead>
            <tr>
              <th scope="col">{r.issues.field}</th>
              <th scope="col">{r.issues.server}</th>
              <th scope="col">{r.issues.client}</th>
            </tr>
          </thead>
          <tbody>
            {issue.conflicts.map((c) => (
              <tr key={c.field}>
                <th scope="row">{fieldLabel(t, issue.entity, c.field)}</th>
                <td>{fieldValueText(t, issue.entity, c.field, c.server, NO_NAMES)}</td>
                <td>{fieldValueText(t, issue.entity, c.field, c.client, NO_NAMES)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
