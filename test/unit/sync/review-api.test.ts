// [RV11] The review client's person list: the request it makes (whole ID numbers only when asked
// for) and the answer checked with the shared schema. A fake fetch answers; no network.
import { describe, expect, it } from 'vitest';
import type { MissingPersonsAnswer } from '../../../src/domain/review.ts';
import { createReviewApi } from '../../../src/sync/review-api.ts';

const ANSWER: MissingPersonsAnswer = {
  asOf: '2026-11-23T03:00:00.000Z',
  fullIds: false,
  persons: [
    {
      id: 'p1',
      householdId: 'h1',
      villageId: 'thon-dong',
      householdCode: null,
      headName: 'Nguyễn Văn Đức',
      address: 'Xóm 2',
      fullName: 'Nguyễn Văn Đức',
      birthDate: '1975-04-02',
      relation: 'head',
      cccdStatus: 'none',
      vneidStatus: 'none',
      idNumberEnd: '2345',
    },
  ],
};

function api(body: unknown) {
  const urls: string[] = [];
  const doFetch: typeof fetch = async (input) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  };
  return { review: createReviewApi('', doFetch), urls };
}

describe('[RV11] review.persons', () => {
  it('[RV11] asks without fullIds by default and with fullIds=1 only when ticked', async () => {
    const { review, urls } = api(ANSWER);
    const masked = await review.persons('t', 'thôn đông', false);
    expect(masked).toEqual({ ok: true, value: ANSWER });
    await review.persons('t', 'thon-dong', true);
    expect(urls).toEqual([
      '/api/review/persons?areaId=th%C3%B4n%20%C4%91%C3%B4ng',
      '/api/review/persons?areaId=thon-dong&fullIds=1',
    ]);
  });

  it('[RV11] an answer that is not the contract’s shape is a failure, not data', async () => {
    const { review } = api({ ...ANSWER, persons: [{ ...ANSWER.persons[0], relation: 'cousin' }] });
    const r = await review.persons('t', 'thon-dong', false);
    expect(r.ok).toBe(false);
  });
});
