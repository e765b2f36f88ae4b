// The trends and targets endpoints as a test scripts them ([G4], [G5]): daily snapshots per area set by
// the test, from which each trend is answered as the server would (the last snapshot of each period),
// targets kept in memory, failures to answer with, and a log of the calls made.
import {
  periodsBetween,
  targetInputSchema,
  type SnapshotCounts,
  type Target,
  type TargetInput,
  type TrendAnswer,
  type TrendPoint,
} from '../../../src/domain/trends.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';
import type { TrendQuery, TrendsApi } from '../../../src/sync/trends-api.ts';

export interface FakeArea {
  id: string;
  name: string;
  /** A commune's villages, in the order the server lists them. */
  villages?: { id: string; name: string }[];
}

const ZERO: SnapshotCounts = {
  households: 0,
  householdsVisited: 0,
  persons: 0,
  persons14plus: 0,
  cccdIssued14plus: 0,
  vneidLevel2Active14plus: 0,
  openTasks: 0,
  tasksDone: 0,
  vneidRegistered14plus: 0,
};

export class FakeTrends implements TrendsApi {
  /** The communes (and their villages) the fake knows. */
  areas = new Map<string, FakeArea>();
  /** Snapshots by area id, then by day (YYYY-MM-DD); a commune's total is the sum of its villages'. */
  snapshots = new Map<string, Map<string, SnapshotCounts>>();
  targetList: Target[] = [];
  /** Every call fails as the test says while set. */
  failure: HttpFailure | null = null;
  /** `PUT /api/targets` alone fails so while set (403 for a volunteer, 400 for a body refused). */
  putFailure: HttpFailure | null = null;
  calls: string[] = [];
  puts: TargetInput[] = [];

  /** Records `counts` (zeros elsewhere) for a village on a day. */
  snapshot(villageId: string, day: string, counts: Partial<SnapshotCounts>): void {
    const days = this.snapshots.get(villageId) ?? new Map<string, SnapshotCounts>();
    days.set(day, { ...ZERO, ...counts });
    this.snapshots.set(villageId, days);
  }

  private fail<T>(): HttpResult<T> | null {
    return this.failure ? { ok: false, failure: this.failure } : null;
  }

  /** The last snapshot of `areaId` in [start, end] (a commune's: the sum of its villages' on the day). */
  private point(areaId: string, start: string, end: string): TrendPoint | null {
    const area = this.areas.get(areaId);
    const daysOf = (id: string) => [...(this.snapshots.get(id)?.keys() ?? [])];
    const ids = area?.villages ? area.villages.map((v) => v.id) : [areaId];
    const days = ids.flatMap(daysOf).filter((d) => d >= start && d <= end);
    if (days.length === 0) return null;
    const day = days.sort().at(-1)!;
    const sum = { ...ZERO };
    for (const id of ids) {
      const counts = this.snapshots.get(id)?.get(day);
      if (counts) for (const k of Object.keys(sum) as (keyof SnapshotCounts)[]) sum[k] += counts[k];
    }
    return { ...sum, day };
  }

  trends = (_token: string, q: TrendQuery): Promise<HttpResult<TrendAnswer>> => {
    this.calls.push(`trends ${q.areaId} ${q.period} ${q.from} ${q.to}`);
    const failed = this.fail<TrendAnswer>();
    if (failed) return Promise.resolve(failed);
    const area = this.areas.get(q.areaId);
    if (!area)
      return Promise.resolve({ ok: false, failure: { kind: 'forbidden', message: 'not your area' } });
    const periods = periodsBetween(q.period, q.from, q.to);
    const series = (id: string, name: string) => ({
      areaId: id,
      areaName: name,
      points: periods.map((p) => this.point(id, p.start, p.end)),
    });
    const villages = area.villages ?? [];
    const ids = new Set([q.areaId, ...villages.map((v) => v.id)]);
    return Promise.resolve({
      ok: true,
      value: {
        areaId: q.areaId,
        period: q.period,
        from: q.from,
        to: q.to,
        periods,
        total: series(area.id, area.name),
        villages: villages.map((v) => series(v.id, v.name)),
        targets: this.targetList.filter((t) => ids.has(t.areaId)),
      },
    });
  };

  targets = (_token: string, areaId: string): Promise<HttpResult<Target[]>> => {
    this.calls.push(`targets ${areaId}`);
    const failed = this.fail<Target[]>();
    if (failed) return Promise.resolve(failed);
    const ids = new Set([areaId, ...(this.areas.get(areaId)?.villages ?? []).map((v) => v.id)]);
    return Promise.resolve({ ok: true, value: this.targetList.filter((t) => ids.has(t.areaId)) });
  };

  setTarget = (_token: string, input: TargetInput): Promise<HttpResult<Target | null>> => {
    this.calls.push(
      `setTarget ${input.areaId} ${input.measure} ${input.percent} ${input.dueOn ?? ''}`.trim(),
    );
    this.puts.push(input);
    const failed = this.fail<Target | null>();
    if (failed) return Promise.resolve(failed);
    if (this.putFailure) return Promise.resolve({ ok: false, failure: this.putFailure });
    // As the server reads the body: what the schema refuses is a 400.
    if (!targetInputSchema.safeParse(input).success)
      return Promise.resolve({
        ok: false,
        failure: { kind: 'refused', status: 400, code: 'invalid_body', message: 'invalid target' },
      });
    this.targetList = this.targetList.filter(
      (t) => !(t.areaId === input.areaId && t.measure === input.measure),
    );
    if (input.percent === null) return Promise.resolve({ ok: true, value: null });
    const target: Target = {
      areaId: input.areaId,
      measure: input.measure,
      percent: input.percent,
      dueOn: input.dueOn ?? null,
      setAt: '2026-11-23T03:00:00.000Z',
      setBy: 'u-police',
    };
    this.targetList.push(target);
    return Promise.resolve({ ok: true, value: target });
  };
}
