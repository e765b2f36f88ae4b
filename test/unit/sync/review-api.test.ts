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

describe('issue 18: the lists in pages, and a list as a streamed file', () => {
  it('[RV2] [RV11] [RV7] [D1] asks for a page with limit and the cursor given, and parses nextCursor', async () => {
    const urls: string[] = [];
    const doFetch: typeof fetch = async (input) => {
      urls.push(String(input));
      const body = String(input).includes('/persons')
        ? { ...ANSWER, nextCursor: 'next/+=' }
        : String(input).includes('/gaps')
          ? { asOf: ANSWER.asOf, households: [], nextCursor: null }
          : String(input).includes('/devices')
            ? { devices: [], nextCursor: null }
            : { issues: [], nextCursor: null };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    const review = createReviewApi('', doFetch);
    const persons = await review.personsPage('t', 'thon-dong', true, { limit: 2, cursor: 'a+b/c' });
    expect(persons).toEqual({ ok: true, value: { ...ANSWER, nextCursor: 'next/+=' } });
    await review.gapsPage('t', 'tinh', { all: true, limit: 1000 });
    await review.devicesPage('t', 'xa', { limit: 5, cursor: null });
    await review.issuesPage('t', 'xa', { limit: 200, cursor: 'c' });
    expect(urls).toEqual([
      '/api/review/persons?areaId=thon-dong&fullIds=1&limit=2&cursor=a%2Bb%2Fc',
      '/api/review/gaps?areaId=tinh&all=1&limit=1000',
      '/api/devices?areaId=xa&limit=5',
      '/api/review/issues?areaId=xa&limit=200&cursor=c',
    ]);
    // A page without nextCursor is not the paged contract's answer.
    const old = createReviewApi('', async () => new Response(JSON.stringify(ANSWER)));
    expect((await old.personsPage('t', 'x', false, { limit: 1 })).ok).toBe(false);
  });

  it('[A7] a CSV file: the token in the header only, the body handed over unread, a refusal in words', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const doFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      if (String(input).includes('persons'))
        return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'not yours' } }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        });
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          if (pulls > 2) return controller.close();
          controller.enqueue(new TextEncoder().encode(`line ${pulls}\r\n`));
        },
      });
      return new Response(body, {
        headers: { 'content-disposition': 'attachment; filename="so06-ho-con-thieu-tinh-2026-11-25.csv"' },
      });
    };
    const review = createReviewApi('', doFetch);
    const file = await review.csvFile('secret-token', { list: 'gaps', areaId: 'tinh' });
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.value.filename).toBe('so06-ho-con-thieu-tinh-2026-11-25.csv');
    expect(await new Response(file.value.body).text()).toBe('line 1\r\nline 2\r\n');
    const refused = await review.csvFile('secret-token', { list: 'persons', areaId: 'tinh', fullIds: true });
    expect(refused).toEqual({ ok: false, failure: { kind: 'forbidden', message: 'not yours' } });
    expect(seen).toEqual([
      { url: '/api/review/gaps.csv?areaId=tinh', auth: 'Bearer secret-token' },
      { url: '/api/review/persons.csv?areaId=tinh&fullIds=1', auth: 'Bearer secret-token' },
    ]);
  });

  it('a stopped download aborts the request', async () => {
    const controller = new AbortController();
    controller.abort();
    const review = createReviewApi('', async (_input, init) => {
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return new Response('x');
    });
    const r = await review.csvFile('t', { list: 'gaps', areaId: 'tinh' }, controller.signal);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'network' } });
  });
});
