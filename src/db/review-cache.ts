// The last overview the commune police fetched, kept on the device so that it stays readable offline
// ("số liệu lúc …"). It lives in the notebook's meta table: signing out wipes it with the rest. Read
// back through zod: a copy written by an older version that no longer fits is ignored, not trusted.
import { z } from 'zod';
import {
  deviceSyncSchema,
  talliesAnswerSchema,
  type DeviceSync,
  type TalliesAnswer,
} from '../domain/review.ts';
import { areaSchema, type Area } from '../domain/areas.ts';
import type { NotebookDb } from './db.ts';
import { REVIEW_AREAS_KEY as AREAS_KEY } from './review-keys.ts';

const overviewSchema = z.object({
  tallies: talliesAnswerSchema,
  devices: z.array(deviceSyncSchema),
  /** When this device received it (the figures themselves are as of tallies.asOf). */
  fetchedAt: z.string(),
});
export type CachedOverview = z.infer<typeof overviewSchema>;

const overviewKey = (areaId: string) => `review:overview:${areaId}`;

export async function saveOverview(
  db: NotebookDb,
  areaId: string,
  tallies: TalliesAnswer,
  devices: DeviceSync[],
  now = Date.now(),
): Promise<void> {
  const value: CachedOverview = { tallies, devices, fetchedAt: new Date(now).toISOString() };
  await db.meta.put({ key: overviewKey(areaId), value });
}

export async function loadOverview(db: NotebookDb, areaId: string): Promise<CachedOverview | undefined> {
  const row = await db.meta.get(overviewKey(areaId));
  const parsed = overviewSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : undefined;
}

/** The areas the officer may review, for choosing a commune and naming villages offline. */
export async function saveReviewAreas(db: NotebookDb, areas: Area[]): Promise<void> {
  await db.meta.put({ key: AREAS_KEY, value: areas });
}

export async function loadReviewAreas(db: NotebookDb): Promise<Area[] | undefined> {
  const parsed = z.array(areaSchema).safeParse((await db.meta.get(AREAS_KEY))?.value);
  return parsed.success ? parsed.data : undefined;
}
