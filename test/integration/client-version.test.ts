// SYNC-API.md [V1]–[V4], the version handshake of push and pull: a phone names its protocol and its
// build (X-So06-Protocol, X-So06-Build); one the server cannot serve gets 426 client_too_old and
// nothing of its request is stored; a phone that names neither is served as before.
import { describe, expect, it } from 'vitest';
import { BUILD_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/domain/sync-protocol.ts';
import { parseMinClientBuild } from '../../src/server/http/client-version.ts';
import { AREAS, BACKENDS, expectError, newHousehold, useServer, type Api } from '../support/server.ts';

const version = (build?: number | string, protocol: number | string = PROTOCOL_VERSION) => ({
  [PROTOCOL_HEADER]: String(protocol),
  ...(build === undefined ? {} : { [BUILD_HEADER]: String(build) }),
});

function push(api: Api, headers: Record<string, string>) {
  const mutation = newHousehold(AREAS.village1);
  const res = api.post('/api/sync/push', { deviceId: api.deviceId, mutations: [mutation] }, { headers });
  return { mutation, res };
}

const pull = (api: Api, headers: Record<string, string>) => api.get('/api/sync/pull', { headers });

/** The mutation left no trace: nothing to pull, and its id is not remembered (pushed again, applied). */
async function expectNothingStored(api: Api, mutation: ReturnType<typeof newHousehold>) {
  expect((await api.snapshot()).has(mutation.entityId)).toBe(false);
  const [again] = await api.push([mutation]);
  expect(again).toMatchObject({ id: mutation.id, status: 'applied', version: 1 });
}

describe.each(BACKENDS)('client version on %s', (backend) => {
  describe('MIN_CLIENT_BUILD=101', () => {
    const t = useServer(backend, { users: ['vol1'], server: { minClientBuild: 101 } });

    it('[V2] a build below MIN_CLIENT_BUILD gets 426 client_too_old on push and nothing is stored', async () => {
      const { mutation, res } = push(t.world.vol1, version(100));
      expectError(await res, 426, 'client_too_old');
      await expectNothingStored(t.world.vol1, mutation);
    });

    it('[V2] a build below MIN_CLIENT_BUILD gets 426 client_too_old on pull', async () => {
      expectError(await pull(t.world.vol1, version(100)), 426, 'client_too_old');
      expectError(await pull(t.world.vol1, version(0)), 426, 'client_too_old');
    });

    it.each([2, 0, 999])(
      '[V2] an unsupported protocol (%s) gets 426 client_too_old on push and pull, nothing stored',
      async (protocol) => {
        const { mutation, res } = push(t.world.vol1, version(150, protocol));
        expectError(await res, 426, 'client_too_old');
        expectError(await pull(t.world.vol1, version(150, protocol)), 426, 'client_too_old');
        // The protocol alone decides too: no build named.
        expectError(await pull(t.world.vol1, { [PROTOCOL_HEADER]: String(protocol) }), 426, 'client_too_old');
        await expectNothingStored(t.world.vol1, mutation);
      },
    );

    it('[V3] a phone that sends no version header at all is served as before', async () => {
      const { res } = push(t.world.vol1, {});
      const answer = await res;
      expect(answer.status).toBe(200);
      expect((answer.body as { results: { status: string }[] }).results).toMatchObject([
        { status: 'applied' },
      ]);
      expect((await pull(t.world.vol1, {})).status).toBe(200);
    });

    it.each([101, 102, 29_000_000])(
      '[V4] a build at or above MIN_CLIENT_BUILD (%s) is served',
      async (build) => {
        const { mutation, res } = push(t.world.vol1, version(build));
        const answer = await res;
        expect(answer.status, answer.text).toBe(200);
        expect((answer.body as { results: unknown[] }).results).toMatchObject([
          { id: mutation.id, status: 'applied', version: 1 },
        ]);
        expect((await pull(t.world.vol1, version(build))).status).toBe(200);
      },
    );

    it.each([
      [PROTOCOL_HEADER, 'abc'],
      [PROTOCOL_HEADER, '1.0'],
      [PROTOCOL_HEADER, '-1'],
      [BUILD_HEADER, 'abc'],
      [BUILD_HEADER, '101.5'],
      [BUILD_HEADER, '1e3'],
      [BUILD_HEADER, '0x65'],
      [BUILD_HEADER, '101, 102'],
    ])(
      '[V2] a malformed header (%s: %s) → 400 invalid_request naming it, never 5xx, nothing stored',
      async (name, value) => {
        const headers = { ...version(150), [name]: value };
        const { mutation, res } = push(t.world.vol1, headers);
        const answer = await res;
        expectError(answer, 400, 'invalid_request');
        expect(answer.text).toContain(name);
        expectError(await pull(t.world.vol1, headers), 400, 'invalid_request');
        await expectNothingStored(t.world.vol1, mutation);
      },
    );

    it('[V2] only push and pull are checked: a too-old build can still sign in and read its areas', async () => {
      const areas = await t.world.vol1.get('/api/areas', { headers: version(1) });
      expect(areas.status).toBe(200);
      const me = await t.world.vol1.get('/api/me', { headers: version(1) });
      expect(me.status).toBe(200);
    });
  });

  describe('MIN_CLIENT_BUILD unset', () => {
    const t = useServer(backend, { users: ['vol1'] });

    it.each([0, 1, 100])('[V4] with no MIN_CLIENT_BUILD every build (%s) is served', async (build) => {
      const { res } = push(t.world.vol1, version(build));
      expect((await res).status).toBe(200);
      expect((await pull(t.world.vol1, version(build))).status).toBe(200);
    });

    it('[V2] an unsupported protocol is refused whatever the minimum build', async () => {
      expectError(await pull(t.world.vol1, version(100, PROTOCOL_VERSION + 1)), 426, 'client_too_old');
    });
  });
});

describe('[V4] MIN_CLIENT_BUILD as the environment gives it', () => {
  it.each([
    [undefined, { ok: true, minClientBuild: undefined }],
    ['', { ok: true, minClientBuild: undefined }],
    ['101', { ok: true, minClientBuild: 101 }],
    [' 29000000 ', { ok: true, minClientBuild: 29_000_000 }],
  ])('%j → %j', (text, parsed) => {
    expect(parseMinClientBuild(text)).toEqual(parsed);
  });

  it.each(['abc', '1.5', '-3', '1e3'])('%j stops the server at start with a message naming it', (text) => {
    const parsed = parseMinClientBuild(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('MIN_CLIENT_BUILD');
  });
});
