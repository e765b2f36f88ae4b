// The pull (SYNC-API.md "Pull"): the caller's villages' records changed after the cursor, in sequence
// order, each once with its latest state, and as tombstones the records that left those villages.
// Within a village sequence order is commit order (a writer locks its villages before it takes a
// sequence value, push.ts step 3), and a page is read once no write of the caller's villages is under
// way (shareVillageTallies): a record committed late can never sit behind a cursor already handed out.
import type { Change } from '../../domain/sync-protocol.ts';
import { FIELDS } from '../../domain/records.ts';
import type { Entity } from '../../domain/enums.ts';
import { readableVillages } from '../accounts/areas.ts';
import { touchDevice } from '../accounts/devices.ts';
import type { Session } from '../accounts/tokens.ts';
import { shareVillageTallies } from '../police/village-tallies.ts';
import { jsonColumn, type Queryable, type Store } from '../store/store.ts';
import { decodeCursor, encodeCursor, scopeDigest } from './cursor.ts';

/** [PL2] The page size when no `limit` is sent, and the largest one allowed. */
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;

export type PullResult =
  | { ok: true; changes: Change[]; cursor: string; hasMore: boolean }
  | { ok: false; code: 'invalid_request'; message: string };

interface Row {
  id: string;
  entity: Entity;
  version: number;
  deleted: boolean;
  data: unknown;
  updated_at: unknown;
  updated_by: string;
  seq: unknown;
}

/**
 * One page for `session`'s user, recorded as a pull of `session`'s device: who pulls is the token's
 * alone (the query carries only the cursor and the limit; [PL1], [A9]). A bad cursor is refused before
 * the device's pull is recorded ([E7]).
 */
export async function pull(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  input: { cursor: string | null; limit: number; revoking?: boolean },
  now: number,
): Promise<PullResult> {
  const { user } = session;
  // [PL6] Only the records of the caller's villages (all of them for an admin).
  const villages = await readableVillages(store, user);
  const scope = scopeDigest(villages);
  let after = 0;
  if (input.cursor !== null) {
    const decoded = decodeCursor(input.cursor);
    if (!decoded.ok) return { ok: false, code: 'invalid_request', message: decoded.message };
    // [PL7] Another scope (villages given or taken since): start again, or the new villages' past is lost.
    after = decoded.state.scope === scope ? decoded.state.seq : 0;
  }
  if (input.revoking) {
    // [D9] A phone asked to revoke itself is given nothing more to keep.
    await touchDevice(
      store,
      { deviceId: session.deviceId, userId: user.id },
      'pull',
      new Date(now).toISOString(),
    );
    return { ok: true, changes: [], cursor: encodeCursor({ seq: after, scope }), hasMore: false };
  }
  const select = 'SELECT id, entity, version, deleted, data, updated_at, updated_by, seq FROM records';
  const read = (tx: Queryable) =>
    villages === 'all'
      ? tx.query<Row>(`${select} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, input.limit + 1])
      : tx.query<Row>(
          // [PL4] [PL8] The villages' records, and what left them ("left your area", record_departures) as
          // tombstones: only a record not now in one of the villages (for a phone of both villages the
          // move is a change like any other), and only its latest departure after the cursor (a record
          // comes once per pull, as records do). The two halves never share an id; departures and
          // records share record_seq, so one seq orders the page and the cursor.
          `(${select} WHERE village_id = ANY($3::text[]) AND seq > $1 ORDER BY seq LIMIT $2)
           UNION ALL
           (SELECT d.record_id, d.entity, d.version, true, NULL::jsonb, NULL::timestamptz, NULL::uuid, d.seq
              FROM record_departures d
             WHERE d.old_village_id = ANY($3::text[]) AND d.seq > $1
               AND NOT EXISTS (SELECT 1 FROM records r
                                WHERE r.id = d.record_id AND r.village_id = ANY($3::text[]))
               AND NOT EXISTS (SELECT 1 FROM record_departures l
                                WHERE l.record_id = d.record_id AND l.seq > d.seq
                                  AND l.old_village_id = ANY($3::text[]))
             ORDER BY d.seq LIMIT $2)
           ORDER BY seq LIMIT $2`,
          [after, input.limit + 1, villages],
        );
  // [PL4] The villages' writes under way finish first, new ones wait for this read.
  const rows = await store.transaction(async (tx) => {
    await shareVillageTallies(tx, villages);
    return read(tx);
  });
  // [PL3] One row more than the page tells whether to call again at once.
  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  // The token's device, whose row its login created: a pull never adds a device of its own naming
  // ([D2]); its lastPullAt moves ([D4]).
  await touchDevice(
    store,
    { deviceId: session.deviceId, userId: user.id },
    'pull',
    new Date(now).toISOString(),
  );
  return {
    ok: true,
    changes: page.map(toChange),
    cursor: encodeCursor({ seq: last ? Number(last.seq) : after, scope }),
    hasMore,
  };
}

/**
 * [PL5] Every field of the entity (null when absent, so the phone clears it), plus who changed it last
 * and when; a tombstone has `data: null`.
 */
function toChange(row: Row): Change {
  if (row.deleted)
    return { entity: row.entity, entityId: row.id, version: Number(row.version), deleted: true, data: null };
  const stored = jsonColumn<Record<string, unknown>>(row.data);
  const data: Record<string, unknown> = {};
  for (const field of Object.keys(FIELDS[row.entity].shape)) data[field] = stored[field] ?? null;
  data.updatedAt = new Date(row.updated_at as string).toISOString();
  data.updatedBy = row.updated_by;
  return { entity: row.entity, entityId: row.id, version: Number(row.version), deleted: false, data };
}
