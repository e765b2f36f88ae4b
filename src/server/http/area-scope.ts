// The `areaId` of a read (tallies, devices, the review): well-formed, existing, and in the caller's
// scope (accounts/areas.ts accessArea), or the error answer to send. One place for the three answers:
// 400 naming `areaId`, 404, 403 ([T7], [D1], [RV1], [RV9]).
import type { Context } from 'hono';
import { areaId } from '../../domain/records.ts';
import { accessArea, type Area, type AreaKind } from '../accounts/areas.ts';
import type { Store } from '../store/store.ts';
import type { AppEnv } from './context.ts';
import { fail } from './errors.ts';

export type AreaScope =
  { ok: true; area: Area; villages: Area[]; communes?: Area[] } | { ok: false; response: Response };

/** The kinds most reads take: a province answers only where a read says it does (`kinds`). */
const COMMUNE_OR_VILLAGE: readonly AreaKind[] = ['commune', 'village'];

/**
 * `kinds`: the kinds of area this read answers for; another kind in scope is a 400 naming `areaId`
 * (a province's figures come from the tallies, [T8]; its lists are not served whole).
 */
export async function areaInScope(
  c: Context<AppEnv>,
  store: Store,
  id: string | undefined,
  kinds: readonly AreaKind[] = COMMUNE_OR_VILLAGE,
): Promise<AreaScope> {
  const parsed = areaId.safeParse(id);
  if (!parsed.success)
    return { ok: false, response: fail(c, 'invalid_request', 'areaId: an area id is required') };
  const access = await accessArea(store, c.get('session').user, parsed.data);
  if (!access.ok) {
    const message = access.code === 'not_found' ? 'no such area' : 'this area is outside your scope';
    return { ok: false, response: fail(c, access.code, message) };
  }
  if (!kinds.includes(access.area.kind))
    return {
      ok: false,
      response: fail(
        c,
        'invalid_request',
        `areaId: ${access.area.kind} areas are not served here; ask for a ${kinds.join(' or ')}`,
      ),
    };
  return access;
}
