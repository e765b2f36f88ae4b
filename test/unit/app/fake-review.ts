// The review endpoints as a test scripts them: answers per area (or household) set by the test,
// `offline` to answer every call as with no network, and a log of the calls made.
import type {
  ActivityAnswer,
  DeviceSync,
  GapsAnswer,
  HouseholdView,
  MissingPersonsAnswer,
  SyncIssue,
  TalliesAnswer,
} from '../../../src/domain/review.ts';
import type { FunnelAnswer } from '../../../src/domain/trends.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';
import type { CsvFile, CsvFileRequest, PageRequest, ReviewApi } from '../../../src/sync/review-api.ts';

/** One page of `rows` as the server pages it: the cursor of this fake is the index to go on from. */
function slice<T>(rows: readonly T[], page: PageRequest): { rows: T[]; nextCursor: string | null } {
  const from = page.cursor ? Number(page.cursor) : 0;
  const to = from + page.limit;
  return { rows: rows.slice(from, to), nextCursor: to < rows.length ? String(to) : null };
}

export class FakeReview implements ReviewApi {
  tallyAnswers = new Map<string, TalliesAnswer>();
  deviceAnswers = new Map<string, DeviceSync[]>();
  gapAnswers = new Map<string, GapsAnswer>();
  households = new Map<string, HouseholdView>();
  issueAnswers = new Map<string, SyncIssue[]>();
  /** [RV10] Whole ID numbers by person id, as the server keeps them. */
  idNumbers = new Map<string, string | null>();
  /** [RV11] The persons still missing a card or VNeID, per area, with whole ID numbers. */
  personAnswers = new Map<string, MissingPersonsAnswer>();
  /** [RV12] The VNeID funnel per area. */
  funnelAnswers = new Map<string, FunnelAnswer>();
  /** [RV13] The working groups' activity per province (or commune). */
  activityAnswers = new Map<string, ActivityAnswer>();
  /** Every call fails as the test says (e.g. {kind:'network'}) while set. */
  failure: HttpFailure | null = null;
  calls: string[] = [];
  /** The pages asked for (issue 18), e.g. "gapsPage thon-dong all 1000 0": area, size, cursor. */
  pageCalls: string[] = [];
  /** A page call waits for this, when set: a test sees the first pages shown while the rest come. */
  pageGate: Promise<void> | null = null;
  /** The streamed CSV files, by "gaps <area>" or "persons <area>[ fullIds]": their text, in chunks. */
  csvFiles = new Map<string, string[]>();

  private answer<T>(call: string, value: T | undefined): Promise<HttpResult<T>> {
    this.calls.push(call);
    if (this.failure) return Promise.resolve({ ok: false, failure: this.failure });
    if (value === undefined)
      return Promise.resolve({ ok: false, failure: { kind: 'not_found', message: 'no such record' } });
    return Promise.resolve({ ok: true, value });
  }

  tallies = (_token: string, areaId: string) =>
    this.answer(`tallies ${areaId}`, this.tallyAnswers.get(areaId));
  devices = (_token: string, areaId: string) =>
    this.answer(`devices ${areaId}`, this.deviceAnswers.get(areaId) ?? []);
  gaps = (_token: string, areaId: string, _options?: { all?: boolean }) =>
    this.answer(`gaps ${areaId}`, this.gapAnswers.get(areaId));
  household = (_token: string, id: string) => this.answer(`household ${id}`, this.households.get(id));
  issues = (_token: string, areaId: string) =>
    this.answer(`issues ${areaId}`, this.issueAnswers.get(areaId) ?? []);
  reveal = (_token: string, personId: string) =>
    this.answer(`reveal ${personId}`, this.idNumbers.get(personId));
  /** [RV11] As the server answers: last four digits unless `fullIds` (logged as "persons <area> fullIds"). */
  persons = (_token: string, areaId: string, fullIds: boolean) => {
    const full = this.personAnswers.get(areaId);
    const answer = full && {
      ...full,
      fullIds,
      persons: full.persons.map(({ idNumber, idNumberEnd: _, ...p }) =>
        fullIds
          ? { ...p, idNumber: idNumber ?? null }
          : { ...p, idNumberEnd: idNumber ? idNumber.slice(-4) : null },
      ),
    };
    return this.answer(`persons ${areaId}${fullIds ? ' fullIds' : ''}`, answer);
  };
  funnel = (_token: string, areaId: string) =>
    this.answer(`funnel ${areaId}`, this.funnelAnswers.get(areaId));
  activity = (_token: string, areaId: string) =>
    this.answer(`activity ${areaId}`, this.activityAnswers.get(areaId));

  // Issue 18: the lists in pages, sliced from the whole answers above (so a test that scripts `gaps`
  // or `persons` scripts their pages too). The whole call is logged once, for the first page.
  private async paged<A, T>(
    call: string,
    page: PageRequest,
    whole: () => Promise<HttpResult<A>>,
    rowsOf: (a: A) => readonly T[],
  ): Promise<HttpResult<{ answer: A; rows: T[]; nextCursor: string | null }>> {
    this.pageCalls.push(`${call} ${page.limit} ${page.cursor ?? 0}`);
    if (page.cursor && this.pageGate) await this.pageGate;
    const calls = this.calls.length;
    const answer = await whole();
    if (page.cursor) this.calls.length = calls;
    if (!answer.ok) return answer;
    const { rows, nextCursor } = slice(rowsOf(answer.value), page);
    return { ok: true, value: { answer: answer.value, rows, nextCursor } };
  }

  gapsPage = async (token: string, areaId: string, page: PageRequest & { all?: boolean }) => {
    const r = await this.paged(
      `gapsPage ${areaId}${page.all ? ' all' : ''}`,
      page,
      () => this.gaps(token, areaId, { all: page.all }),
      (a) => a.households,
    );
    return r.ok
      ? {
          ok: true as const,
          value: { ...r.value.answer, households: r.value.rows, nextCursor: r.value.nextCursor },
        }
      : r;
  };
  personsPage = async (token: string, areaId: string, fullIds: boolean, page: PageRequest) => {
    const r = await this.paged(
      `personsPage ${areaId}${fullIds ? ' fullIds' : ''}`,
      page,
      () => this.persons(token, areaId, fullIds),
      (a) => a.persons,
    );
    return r.ok
      ? {
          ok: true as const,
          value: { ...r.value.answer, persons: r.value.rows, nextCursor: r.value.nextCursor },
        }
      : r;
  };
  devicesPage = async (token: string, areaId: string, page: PageRequest) => {
    const r = await this.paged(
      `devicesPage ${areaId}`,
      page,
      () => this.devices(token, areaId),
      (a) => a,
    );
    return r.ok ? { ok: true as const, value: { devices: r.value.rows, nextCursor: r.value.nextCursor } } : r;
  };
  issuesPage = async (token: string, areaId: string, page: PageRequest) => {
    const r = await this.paged(
      `issuesPage ${areaId}`,
      page,
      () => this.issues(token, areaId),
      (a) => a,
    );
    return r.ok ? { ok: true as const, value: { issues: r.value.rows, nextCursor: r.value.nextCursor } } : r;
  };
  csvFile = (_token: string, file: CsvFileRequest): Promise<HttpResult<CsvFile>> => {
    const key = `${file.list} ${file.areaId}${file.fullIds ? ' fullIds' : ''}`;
    const chunks = this.csvFiles.get(key);
    return this.answer(
      `csv ${key}`,
      chunks && {
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
            controller.close();
          },
        }),
        filename: `so06-${file.list}-${file.areaId}.csv`,
      },
    );
  };
}
