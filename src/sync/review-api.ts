// The commune police review's reads (SYNC-API.md "Tallies", "Devices" and this project's additions
// under /api/review), each answer parsed with the schemas of src/domain/review.ts. Loaded only when a
// review screen opens: the volunteer's app never fetches this code.
import {
  activityAnswerSchema,
  devicesAnswerSchema,
  devicesPageSchema,
  gapsAnswerSchema,
  gapsPageSchema,
  householdViewSchema,
  issuesAnswerSchema,
  issuesPageSchema,
  missingPersonsAnswerSchema,
  missingPersonsPageSchema,
  talliesAnswerSchema,
  type ActivityAnswer,
  type DevicesPage,
  type DeviceSync,
  type GapsAnswer,
  type GapsPage,
  type HouseholdView,
  type IssuesPage,
  type MissingPersonsAnswer,
  type MissingPersonsPage,
  type SyncIssue,
  type TalliesAnswer,
} from '../domain/review.ts';
import { funnelAnswerSchema, type FunnelAnswer } from '../domain/trends.ts';
import { z } from 'zod';
import { createHttpClient, type HttpResult } from './http-client.ts';

const revealAnswer = z.object({ idNumber: z.string().nullable() });

/** `all`: every household of the area (gap counts may be 0), not only those with a gap. */
export interface GapsOptions {
  all?: boolean;
}

/**
 * One page of a list (issue 18): at most `limit` rows (1 to 1000) after the page whose `nextCursor`
 * is `cursor` (none: the first page).
 */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

/** A list the server streams as a CSV file ([RV2]'s households with a gap, [RV11]'s persons). */
export interface CsvFileRequest {
  list: 'gaps' | 'persons';
  areaId: string;
  /** [RV11] Whole ID numbers (recorded in the managers' trail); otherwise their last four digits. */
  fullIds?: boolean;
}

/** The file as it arrives: its bytes as a stream, and the name the server gave it. */
export interface CsvFile {
  body: ReadableStream<Uint8Array>;
  filename: string | null;
}

export interface ReviewApi {
  tallies(token: string, areaId: string): Promise<HttpResult<TalliesAnswer>>;
  devices(token: string, areaId: string): Promise<HttpResult<DeviceSync[]>>;
  gaps(token: string, areaId: string, options?: GapsOptions): Promise<HttpResult<GapsAnswer>>;
  household(token: string, id: string): Promise<HttpResult<HouseholdView>>;
  issues(token: string, areaId: string): Promise<HttpResult<SyncIssue[]>>;
  /** [RV10] A person's whole ID number; the server records who asked, and when. */
  reveal(token: string, personId: string): Promise<HttpResult<string | null>>;
  /**
   * [RV11] The persons 14+ of an area still missing a card or VNeID; `fullIds`: whole ID numbers, which
   * the server records in the trail (otherwise their last four digits).
   */
  persons(token: string, areaId: string, fullIds: boolean): Promise<HttpResult<MissingPersonsAnswer>>;
  /** [RV12] The VNeID level-2 funnel and the blockers of an area, per village. */
  funnel(token: string, areaId: string): Promise<HttpResult<FunnelAnswer>>;
  /**
   * [RV13] How the working groups keep up, per commune of a province (or per village of a commune):
   * villages, quiet villages, phones, the latest sync.
   */
  activity(token: string, areaId: string): Promise<HttpResult<ActivityAnswer>>;
  /** [RV2] One page of the households with a gap (or, `all`, every household); a province too. */
  gapsPage(token: string, areaId: string, page: PageRequest & GapsOptions): Promise<HttpResult<GapsPage>>;
  /** [RV11] One page of the persons still missing a card or VNeID. */
  personsPage(
    token: string,
    areaId: string,
    fullIds: boolean,
    page: PageRequest,
  ): Promise<HttpResult<MissingPersonsPage>>;
  /** [D1] One page of the devices of an area. */
  devicesPage(token: string, areaId: string, page: PageRequest): Promise<HttpResult<DevicesPage>>;
  /** [RV7] One page of the conflicts and rejected edits, newest first. */
  issuesPage(token: string, areaId: string, page: PageRequest): Promise<HttpResult<IssuesPage>>;
  /**
   * A list as a CSV file streamed by the server: the open body once the server has said yes, or why
   * not. The token goes in the Authorization header as for every call ([A7]), never in the address;
   * `signal` stops the download (the 30 s limit only covers the wait for the answer's start).
   */
  csvFile(token: string, file: CsvFileRequest, signal?: AbortSignal): Promise<HttpResult<CsvFile>>;
}

/** `attachment; filename="so06-….csv"` → the file name, or null. */
export function attachmentName(header: string | null): string | null {
  const m = /filename="([^"]+)"/.exec(header ?? '');
  return m ? m[1]! : null;
}

export function createReviewApi(baseUrl = '', doFetch?: typeof fetch): ReviewApi {
  const http = createHttpClient({ baseUrl, fetch: doFetch });
  const rawFetch: typeof fetch = doFetch ?? ((input, init) => fetch(input, init));
  const area = (id: string) => `areaId=${encodeURIComponent(id)}`;
  const paging = (page: PageRequest) =>
    `&limit=${page.limit}${page.cursor ? `&cursor=${encodeURIComponent(page.cursor)}` : ''}`;
  return {
    tallies: (token, areaId) => http.request(`/api/tallies?${area(areaId)}`, { token }, talliesAnswerSchema),
    async devices(token, areaId) {
      const r = await http.request(`/api/devices?${area(areaId)}`, { token }, devicesAnswerSchema);
      return r.ok ? { ok: true, value: r.value.devices } : r;
    },
    gaps: (token, areaId, options = {}) =>
      http.request(
        `/api/review/gaps?${area(areaId)}${options.all ? '&all=1' : ''}`,
        { token },
        gapsAnswerSchema,
      ),
    household: (token, id) =>
      http.request(`/api/review/households/${encodeURIComponent(id)}`, { token }, householdViewSchema),
    async issues(token, areaId) {
      const r = await http.request(`/api/review/issues?${area(areaId)}`, { token }, issuesAnswerSchema);
      return r.ok ? { ok: true, value: r.value.issues } : r;
    },
    async reveal(token, personId) {
      const r = await http.request(
        '/api/review/reveal',
        { method: 'POST', token, json: { personId } },
        revealAnswer,
      );
      return r.ok ? { ok: true, value: r.value.idNumber } : r;
    },
    persons: (token, areaId, fullIds) =>
      http.request(
        `/api/review/persons?${area(areaId)}${fullIds ? '&fullIds=1' : ''}`,
        { token },
        missingPersonsAnswerSchema,
      ),
    funnel: (token, areaId) =>
      http.request(`/api/review/funnel?${area(areaId)}`, { token }, funnelAnswerSchema),
    activity: (token, areaId) =>
      http.request(`/api/review/activity?${area(areaId)}`, { token }, activityAnswerSchema),
    gapsPage: (token, areaId, page) =>
      http.request(
        `/api/review/gaps?${area(areaId)}${page.all ? '&all=1' : ''}${paging(page)}`,
        { token },
        gapsPageSchema,
      ),
    personsPage: (token, areaId, fullIds, page) =>
      http.request(
        `/api/review/persons?${area(areaId)}${fullIds ? '&fullIds=1' : ''}${paging(page)}`,
        { token },
        missingPersonsPageSchema,
      ),
    devicesPage: (token, areaId, page) =>
      http.request(`/api/devices?${area(areaId)}${paging(page)}`, { token }, devicesPageSchema),
    issuesPage: (token, areaId, page) =>
      http.request(`/api/review/issues?${area(areaId)}${paging(page)}`, { token }, issuesPageSchema),

    async csvFile(token, file, signal) {
      // The one HTTP client makes the call (headers, token, the failure words), through a fetch that
      // keeps a 2xx answer's body for the caller instead of reading it whole: the client's 30 s limit
      // covers the wait for the answer to start, never the minutes a province's file takes to arrive.
      let kept: Response | null = null;
      const keeping: typeof fetch = async (input, init) => {
        const own = new AbortController();
        const stop = () => own.abort();
        const limit = init?.signal;
        limit?.addEventListener('abort', stop);
        signal?.addEventListener('abort', stop);
        if (signal?.aborted) own.abort();
        try {
          const response = await rawFetch(input, { ...init, signal: own.signal });
          if (!response.ok) return response;
          kept = response;
          return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
        } finally {
          limit?.removeEventListener('abort', stop);
        }
      };
      const path =
        file.list === 'gaps'
          ? `/api/review/gaps.csv?${area(file.areaId)}`
          : `/api/review/persons.csv?${area(file.areaId)}${file.fullIds ? '&fullIds=1' : ''}`;
      const sent = await createHttpClient({ baseUrl, fetch: keeping }).send(path, { token });
      if (!sent.ok) return sent;
      const response = kept as Response | null;
      if (!response?.body) return { ok: false, failure: { kind: 'network', message: 'no file came' } };
      return {
        ok: true,
        value: { body: response.body, filename: attachmentName(response.headers.get('content-disposition')) },
      };
    },
  };
}
