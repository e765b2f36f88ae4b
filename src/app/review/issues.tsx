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
import { ISSUES_PAGE_SIZE } from './paging.ts';
import { usePagedRemote } from './use-review-data.ts';
import './review.css';

export default function ReviewIssues() {
  const r = useReviewT();
  const { review } = useServices();
  const { query } = useLocation();
  const communeId = query.xa ?? '';
  // A page at a time, newest first (issue 18): the newest show at once, older ones follow.
  const [data, reload] = usePagedRemote(
    (token, cursor) => review.issuesPage(token, communeId, { limit: ISSUES_PAGE_SIZE, cursor }),
    (page) => page.issues,
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
        (data.rows.length === 0 && !data.more ? (
          <p class="empty">{r.issues.none}</p>
        ) : (
          <ul class="review-issue-list">
            {data.rows.map((issue) => (
              <IssueItem key={`${issue.userId}:${issue.mutationId}`} issue={issue} />
            ))}
          </ul>
        ))}
      {data.state === 'ok' && data.more && (
        <p class="muted loading-more" role="status" aria-live="polite">
          {r.loadingMore}
        </p>
      )}
      {data.state === 'ok' && data.failure && (
        <LoadFailure failure={data.failure} text={r.partial} onRetry={reload} />
      )}
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
