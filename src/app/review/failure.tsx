// A load that failed, in words the officer can act on: try again, or sign in again when the session
// has expired.
import type { HttpFailure } from '../../sync/http-client.ts';
import { paths } from '../shell/paths.ts';
import { useReviewT } from './messages.ts';

export function whyText(r: ReturnType<typeof useReviewT>, failure: HttpFailure): string {
  return r.why[failure.kind];
}

export function LoadFailure({
  failure,
  text,
  onRetry,
}: {
  failure: HttpFailure;
  /** The sentence around the reason, e.g. `r.failed`. */
  text: (why: string) => string;
  onRetry?: () => void;
}) {
  const r = useReviewT();
  return (
    <div class="review-failure" role="alert">
      <p>{text(whyText(r, failure))}</p>
      {failure.kind === 'unauthenticated' ? (
        <a class="button primary" href={paths.signInAgain}>
          {r.signInAgain}
        </a>
      ) : (
        onRetry && (
          <button type="button" class="button" onClick={onRetry}>
            {r.retry}
          </button>
        )
      )}
    </div>
  );
}
