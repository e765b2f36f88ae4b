// What the signed-in person directs, for the screens that offer a control the server would refuse
// otherwise (issue 18: a province's police read every commune of it, and direct none). The rules are
// the domain's (domain/directs.ts), the ones the server judges by.
import { useContext } from 'preact/hooks';
import { directsCommune, directsSomeCommune } from '../../domain/directs.ts';
import { useTableQuery } from '../device/table-query.ts';
import { DbContext, useNotebook } from './db-context.ts';
import { useSession } from './session-context.ts';

/**
 * [A4] Whether the signed-in person directs `communeId` (launches its campaigns, sets its targets):
 * judged from the session alone, as the server does.
 */
export function useDirectsCommune(communeId: string): boolean {
  const { session } = useSession();
  return session ? directsCommune(session.user, communeId) : false;
}

/**
 * [M1] Whether the signed-in person has a commune of their own to manage: an admin yes, a volunteer
 * no; police by the kinds of their areas, which the session does not hold (only their ids). Those
 * kinds come from the areas the review last loaded and kept on the phone (its home screen, "/", loads
 * them at every start), so that the answer holds offline too; `undefined` until they are there, when
 * the caller keeps what it showed before provinces (the server judges anyway).
 */
export function useDirectsSomeCommune(): boolean | undefined {
  const { session } = useSession();
  const notebook = useNotebook();
  const db = useContext(DbContext);
  const user = session?.user;
  const police = user?.role === 'police';
  const areas = useTableQuery(
    notebook,
    // Only police read them: a volunteer's header does not re-run at each of the sync's meta writes.
    police ? ['meta'] : [],
    async () => {
      if (!police || !db) return null;
      try {
        // Loaded on first use: the review's cache (and zod) stay out of the first screen's bundle.
        const { loadReviewAreas } = await import('../../db/review-cache.ts');
        return (await loadReviewAreas(db)) ?? null;
      } catch {
        // A locked notebook, or the chunk missing offline: unknown, never an error in the header.
        return null;
      }
    },
    [police, db],
  );
  if (!user) return undefined;
  if (!police) return directsSomeCommune(user, []);
  return areas ? directsSomeCommune(user, areas) : undefined;
}
