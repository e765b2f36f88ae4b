// What the signed-in person directs, for the screens that offer a control the server would refuse
// otherwise (issue 18: a province's police read every commune of it, and direct none). The rules are
// the domain's (domain/directs.ts), the ones the server judges by. This module is the header's (the
// first screen's); the online screens' own question, useDirectsCommune, is in directs-commune.ts.
import { directsSomeCommune } from '../../domain/directs.ts';
import { useTableQuery } from '../device/table-query.ts';
import { REVIEW_AREAS_KEY } from '../../db/review-keys.ts';
import { useNotebook } from './db-context.ts';
import { useSession } from './session-context.ts';

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
  const user = session?.user;
  const police = user?.role === 'police';
  const areas = useTableQuery(
    notebook,
    // Only police read them: a volunteer's header does not re-run at each of the sync's meta writes.
    police ? ['meta'] : [],
    async () => {
      if (!police) return null;
      try {
        // A plain read of the copy review-cache.ts keeps (validated by zod when it was fetched): the
        // header only needs each area's id and kind, and zod stays out of the first screen's bundle.
        return areaKinds(await notebook.reads.get<unknown>('meta', REVIEW_AREAS_KEY));
      } catch {
        // A locked notebook: unknown, never an error in the header.
        return null;
      }
    },
    [police, notebook],
  );
  if (!user) return undefined;
  if (!police) return directsSomeCommune(user, []);
  return areas ? directsSomeCommune(user, areas) : undefined;
}

/** The ids and kinds of a kept list of areas, or null when there is none (or it is not one). */
function areaKinds(row: unknown): { id: string; kind: string }[] | null {
  const value = (row as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value)) return null;
  const out: { id: string; kind: string }[] = [];
  for (const a of value as unknown[]) {
    const { id, kind } = (a ?? {}) as { id?: unknown; kind?: unknown };
    if (typeof id !== 'string' || typeof kind !== 'string') return null;
    out.push({ id, kind });
  }
  return out;
}
