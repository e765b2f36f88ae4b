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
import type { ReviewApi } from '../../../src/sync/review-api.ts';

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
  gaps = (_token: string, areaId: string) => this.answer(`gaps ${areaId}`, this.gapAnswers.get(areaId));
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
}
