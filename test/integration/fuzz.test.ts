// Seeded fuzz of SYNC-API.md "Errors": "No request, however malformed, gets a 5xx, and none changes
// stored data unless it is answered 2xx". Over a thousand malformed push bodies and a few hundred
// malformed requests to the other endpoints; every body is built so that even a lenient reading of
// it could not store anything, so that "nothing stored" holds whatever the answer.
// Prints its seed; FUZZ_SEED=<n> replays a run. The seeds kept in test/seeds.json run every time too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  Api,
  BACKENDS,
  PASSWORD,
  USERS,
  loginAdmin,
  request,
  useServer,
  type Area,
  type User,
} from '../support/server.ts';
import { printSeedsOnFailure, seedFailedLine, seedRuns, type SeedRun } from '../support/seeds.ts';

const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const SEED_KEY = 'test/integration/fuzz.test.ts > no malformed request gets a 5xx or stores anything';
/** The run's own seed, then every seed kept because it once failed: each gives its own cases. */
const RUNS: SeedRun[] = seedRuns(SEED_KEY, SEED);
const PUSH_CASES = 1200;
const OTHER_CASES = 400;
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
/**
 * The device every caller signs in on: a push must name its token's device (or get 403 before its
 * mutations are read), so the bodies name this one to reach the mutations; "borrowed device" names others.
 */
const FUZZ_DEVICE = crypto.randomUUID();

interface Case {
  label: string;
  /** The seed that generated it: a failure names it, to be kept. */
  seed?: number;
  method: 'GET' | 'POST';
  path: string;
  /** Which caller: a logged-in user, nobody, or a raw Authorization header. */
  as: 'admin' | 'vol1' | 'police' | 'anon' | { authorization: string };
  body?: string | Uint8Array;
  contentType?: string;
}

// ---------------------------------------------------------------------------------------------------
// Building blocks

const KNOWN_STRINGS = new Set<string>([
  'commune',
  'village',
  'household',
  'person',
  'task',
  'visit',
  'upsert',
  'delete',
  'volunteer',
  'police',
  'admin',
  ...Object.values(AREAS),
]);

/** A value of any JSON type, or an odd one: never a string the server could take for a real name. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.constantFrom(-1, 0, 1.5, 1e300, -0, 2 ** 53, 2 ** 31, 2 ** 63, Number.MAX_SAFE_INTEGER + 2),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !KNOWN_STRINGS.has(s)),
  fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !KNOWN_STRINGS.has(s)),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\ufeff',
    'NaN',
    'null',
    '__proto__',
    "'; drop table users; --",
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}')),
);

const uuidLike = fc.uuid({ version: 4 });
const iso = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

/**
 * A mutation that the server can never apply, however leniently it reads the rest: an edit of a
 * record that does not exist (baseVersion ≥ 1 of a fresh id), or a create missing a required field.
 */
const unappliable: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    id: uuidLike,
    entity: fc.constantFrom('household', 'person', 'task', 'visit'),
    entityId: uuidLike,
    op: fc.constantFrom('upsert', 'delete'),
    baseVersion: fc.integer({ min: 1, max: 1000 }),
    fields: fc.dictionary(
      fc.constantFrom('address', 'headName', 'note', 'fullName', 'status', 'villageId', 'householdId'),
      garbage,
      { maxKeys: 3 },
    ),
    clientTime: iso,
  }),
  fc.record({
    id: uuidLike,
    entity: fc.constant('household'),
    entityId: uuidLike,
    op: fc.constant('upsert'),
    baseVersion: fc.constant(0),
    // No headName: a new household can never be created from this.
    fields: fc.record(
      {
        villageId: fc.oneof(fc.constant(AREAS.village1), garbage),
        address: fc.oneof(fc.constant('Số 1, xóm Chùa'), garbage),
        note: garbage,
        __proto__: garbage,
        constructor: garbage,
      },
      { requiredKeys: [] },
    ),
    clientTime: iso,
  }),
  fc.record({
    id: uuidLike,
    entity: fc.constant('person'),
    entityId: uuidLike,
    op: fc.constant('upsert'),
    baseVersion: fc.constant(0),
    // No fullName.
    fields: fc.record(
      {
        householdId: uuidLike,
        birthDate: fc.oneof(fc.constant('1990-01-01'), garbage),
        gender: fc.oneof(fc.constant('male'), garbage),
        idNumber: fc.oneof(fc.stringMatching(/^\d{11,13}$/), garbage),
      },
      { requiredKeys: [] },
    ),
    clientTime: iso,
  }),
);

const MUTATION_KEYS = ['id', 'entity', 'entityId', 'op', 'baseVersion', 'fields', 'clientTime'] as const;

/** One mutation made wrong: a key dropped, or its value swapped for garbage (or a near miss). */
const brokenMutation = fc
  .tuple(unappliable, fc.constantFrom(...MUTATION_KEYS), fc.boolean(), garbage, fc.nat(20))
  .map(([m, key, drop, g, pick]) => {
    const out: Record<string, unknown> = { ...m };
    if (drop) delete out[key];
    else {
      const nearMisses: Record<string, unknown[]> = {
        entity: ['Household', 'user', 'households', 'area', ''],
        op: ['UPSERT', 'remove', 'update', 'upsert ', 'create'],
        baseVersion: [-1, -100, 0.5, '1', null, 1e308, 2 ** 53 + 1],
        id: [12345, 'not-a-uuid', '00000000-0000-0000-0000-00000000000g'],
        entityId: [678, '', 'thon-dong'],
        clientTime: ['yesterday', '2026-13-01T00:00:00Z', 1732262400000, '2026-11-22'],
        fields: [[], 'fields', 42, null],
      };
      const misses = nearMisses[key] ?? [];
      out[key] = pick < misses.length ? misses[pick] : g;
      // baseVersion 0 would make a well-formed delete of an unknown record, whose answer the
      // contract leaves open: keep it out, so that every body here must store nothing.
      if (key === 'baseVersion' && out[key] === 0) out[key] = -1;
    }
    return out;
  });

// ---------------------------------------------------------------------------------------------------
// Push bodies

const textMangle = fc
  .tuple(
    fc.nat(),
    fc.constantFrom('truncate', 'insert', 'delete', 'swap'),
    fc.string({ unit: 'binary', maxLength: 3 }),
  )
  .map(([at, how, s]) => (text: string) => {
    const i = at % Math.max(1, text.length);
    switch (how) {
      case 'truncate':
        return text.slice(0, i);
      case 'insert':
        return text.slice(0, i) + (s || '}') + text.slice(i);
      case 'delete':
        return text.slice(0, i) + text.slice(i + 1);
      default:
        return text.slice(0, i) + '"' + text.slice(i + 1);
    }
  });

function pushCases(): fc.Arbitrary<Case> {
  const who = fc.constantFrom<Case['as']>('admin', 'admin', 'vol1', 'vol1', 'police', 'anon');
  const envelope = (mutations: unknown, deviceId: unknown = FUZZ_DEVICE) => ({ deviceId, mutations });
  const post = (label: string, as: Case['as'], body: unknown, contentType?: string): Case => ({
    label,
    method: 'POST',
    path: '/api/sync/push',
    as,
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    ...(contentType !== undefined ? { contentType } : {}),
  });
  return fc.oneof(
    // Broken JSON.
    fc
      .tuple(who, fc.array(unappliable, { minLength: 1, maxLength: 3 }), textMangle)
      .map(([as, ms, mangle]) => {
        const text = mangle(JSON.stringify(envelope(ms)));
        return post('broken json', as, text);
      }),
    // Any JSON value at all.
    fc.tuple(who, fc.jsonValue({ maxDepth: 4 })).map(([as, v]) => post('random json', as, v)),
    // A bad envelope: deviceId or mutations wrong, or missing, or arrays for objects.
    fc
      .tuple(who, fc.array(unappliable, { minLength: 1, maxLength: 3 }), garbage, fc.nat(5))
      .map(([as, ms, g, k]) => {
        const bodies: unknown[] = [
          envelope(ms, g),
          envelope(g),
          { mutations: ms },
          { deviceId: crypto.randomUUID() },
          [envelope(ms)],
          envelope(ms.map((m) => Object.values(m))),
        ];
        return post(`bad envelope ${k}`, as, bodies[k]);
      }),
    // One broken mutation among unappliable ones.
    fc
      .tuple(who, fc.array(unappliable, { maxLength: 4 }), brokenMutation, fc.nat(4))
      .map(([as, ms, bad, at]) => {
        const list = [...ms];
        list.splice(at % (list.length + 1), 0, bad);
        return post('broken mutation', as, envelope(list));
      }),
    // Valid shape, unappliable content (200 with every result rejected, or 403 for police).
    fc
      .tuple(who, fc.array(unappliable, { minLength: 1, maxLength: 20 }))
      .map(([as, ms]) => post('unappliable', as, envelope(ms))),
    // Valid shape naming a device the token was not issued to (403).
    fc
      .tuple(who, fc.array(unappliable, { minLength: 1, maxLength: 5 }))
      .map(([as, ms]) => post('borrowed device', as, envelope(ms, crypto.randomUUID()))),
    // 501 mutations, or numbers for ids.
    fc
      .tuple(who, unappliable)
      .map(([as, m]) =>
        post('501 mutations', as, envelope(Array(501).fill({ ...m, fields: { note: 'x' } }))),
      ),
    fc
      .tuple(who, unappliable, fc.integer())
      .map(([as, m, n]) => post('numbers as ids', as, envelope([{ ...m, id: n, entityId: n + 1 }], n))),
    // Wrong content types.
    fc
      .tuple(
        who,
        unappliable,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          '',
          'application/json; charset=latin1',
          'application/xml',
        ),
      )
      .map(([as, m, ct]) => post(`content-type ${ct || 'none'}`, as, envelope([m]), ct)),
    // Odd bytes: invalid UTF-8, a byte-order mark, NUL, duplicated keys.
    fc
      .tuple(who, unappliable, fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(3))
      .map(([as, m, bytes, k]) => {
        const json = JSON.stringify(envelope([m]));
        const enc = new TextEncoder().encode(json);
        const variants: (string | Uint8Array)[] = [
          new Uint8Array([...enc.slice(0, 10), 0xff, 0xfe, ...bytes, ...enc.slice(10)]),
          '\ufeff' + json,
          json.replace('"upsert"', '"ups\u0000ert"').replace('"delete"', '"del\\u0000ete"'),
          json.slice(0, -1) + ',"mutations":5}',
        ];
        return post(`odd bytes ${k}`, as, variants[k]);
      }),
    // Huge: a long string within a body, or a body over 1 MiB.
    fc
      .tuple(who, unappliable, fc.integer({ min: 100_000, max: 1_300_000 }))
      .map(([as, m, n]) => post(`huge ${n}`, as, envelope([{ ...m, fields: { note: 'ạ'.repeat(n / 3) } }]))),
    // Deep nesting.
    fc
      .tuple(who, fc.integer({ min: 1000, max: 200_000 }))
      .map(([as, depth]) =>
        post(
          `nested ${depth}`,
          as,
          `{"deviceId":"${FUZZ_DEVICE}","mutations":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        ),
      ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Other endpoints

function otherCases(): fc.Arbitrary<Case> {
  const q = (s: unknown) => {
    try {
      return encodeURIComponent(String(s));
    } catch {
      return '%ED%A0%80'; // a lone surrogate, as UTF-8 bytes no decoder accepts
    }
  };
  const oddText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '',
      '%',
      '%%',
      '\u0000',
      '../../etc/passwd',
      "' or 1=1 --",
      'x'.repeat(5000),
      '-1',
      '1e9',
      'null',
    ),
  );
  // Never valid: an unknown phone with a non-string password.
  const login = fc.tuple(garbage, fc.nat(4), textMangle).map(([g, k, mangle]): Case => {
    const base: Record<string, unknown> = {
      phone: '0955555555',
      password: 12345678,
      deviceId: crypto.randomUUID(),
    };
    const bodies = [
      JSON.stringify({ ...base, phone: g }),
      JSON.stringify({ ...base, password: typeof g === 'string' ? [g] : g }),
      JSON.stringify({ ...base, deviceId: g }),
      mangle(JSON.stringify(base)),
      JSON.stringify([base]),
    ];
    return { label: `login ${k}`, method: 'POST', path: '/api/auth/login', as: 'anon', body: bodies[k] };
  });
  // Never valid: a village under a commune that does not exist.
  const area = fc
    .tuple(garbage, fc.constantFrom('id', 'kind', 'name', 'parentId'), fc.boolean(), textMangle, fc.nat(9))
    .map(([g, key, drop, mangle, k]): Case => {
      const base: Record<string, unknown> = {
        id: 'fuzz-area',
        kind: 'village',
        name: 'Thôn Fuzz',
        parentId: 'xa-khong-co',
      };
      if (drop) delete base[key];
      else if (key !== 'parentId' || typeof g !== 'string') base[key] = g;
      const body = k === 0 ? mangle(JSON.stringify(base)) : JSON.stringify(base);
      return {
        label: `area ${key}`,
        method: 'POST',
        path: '/api/admin/areas',
        as: k === 9 ? 'vol1' : 'admin',
        body,
      };
    });
  // Never valid: a 5-character password.
  const user = fc
    .tuple(
      garbage,
      fc.constantFrom('name', 'phone', 'role', 'areaIds', 'password'),
      fc.boolean(),
      textMangle,
      fc.nat(9),
    )
    .map(([g, key, drop, mangle, k]): Case => {
      const base: Record<string, unknown> = {
        name: 'Người Fuzz',
        phone: '0966666666',
        password: 'short',
        role: 'volunteer',
        areaIds: [AREAS.village1],
      };
      if (drop) delete base[key];
      else if (key !== 'password' || typeof g !== 'string') base[key] = g;
      const body = k === 0 ? mangle(JSON.stringify(base)) : JSON.stringify(base);
      return {
        label: `user ${key}`,
        method: 'POST',
        path: '/api/admin/users',
        as: k === 9 ? 'police' : 'admin',
        body,
      };
    });
  const reads = fc
    .tuple(oddText, oddText, fc.constantFrom<Case['as']>('admin', 'vol1', 'police', 'anon'), fc.nat(6))
    .map(([a, b, as, k]): Case => {
      const paths = [
        `/api/sync/pull?cursor=${q(a)}&limit=${q(b)}`,
        `/api/sync/pull?limit=${q(a)}`,
        `/api/tallies?areaId=${q(a)}`,
        `/api/devices?areaId=${q(a)}`,
        `/api/admin/audit?entityId=${q(a)}`,
        `/api/${q(a)}/${q(b)}`,
        `/api/sync/pull?cursor=${q(a)}&cursor=${q(b)}`,
      ];
      return { label: `read ${k}`, method: 'GET', path: paths[k]!, as };
    });
  const auth = fc
    .tuple(
      fc.oneof(fc.stringMatching(/^[\x21-\x7e]{0,200}$/), fc.constant('Bearer ' + 'A'.repeat(9000))),
      fc.nat(1),
    )
    .map(([h, k]): Case => ({
      label: 'authorization',
      method: k === 0 ? 'GET' : 'POST',
      path: k === 0 ? '/api/me' : '/api/auth/logout',
      as: { authorization: h.startsWith('Bearer') || h === '' ? h : `Bearer ${h}` },
    }));
  return fc.oneof(login, area, user, reads, auth);
}

// ---------------------------------------------------------------------------------------------------

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

// Generated once, before any server starts: building 1,600 cases keeps this process busy for a
// while, and a keep-alive socket left idle meanwhile could be closed by the server unnoticed.
const CASES = RUNS.flatMap(({ seed }) =>
  [
    ...fc.sample(pushCases(), { seed, numRuns: PUSH_CASES }),
    ...fc.sample(otherCases(), { seed: seed + 1, numRuns: OTHER_CASES }),
  ].map((c) => ({ ...c, seed })),
);

describe.each(BACKENDS)('fuzz on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'police'] });

  it(
    `[E6] no malformed request gets a 5xx or [E7] stores anything (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      console.log(`fuzz on ${backend}: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
      printSeedsOnFailure(SEED_KEY, RUNS);
      const { admin } = t.world;
      // Signed in on FUZZ_DEVICE, so that well-formed bodies get past the device check to their mutations.
      const callers: Record<string, Api> = {
        admin: await loginAdmin(t.url, FUZZ_DEVICE),
        vol1: await new Api(t.url).login(USERS.vol1.phone, PASSWORD, FUZZ_DEVICE),
        police: await new Api(t.url).login(USERS.police.phone, PASSWORD, FUZZ_DEVICE),
      };
      // Something to leave alone: a household with a person.
      const hh = { villageId: AREAS.village1, address: 'Số 1, xóm Chùa', headName: 'Nguyễn Văn Gốc' };
      const created = await admin.push([
        {
          id: crypto.randomUUID(),
          entity: 'household',
          entityId: crypto.randomUUID(),
          op: 'upsert',
          baseVersion: 0,
          fields: hh,
          clientTime: new Date().toISOString(),
        },
      ]);
      expect(created[0]!.status).toBe('applied');

      const before = await admin.pullAll();
      const snapshotBefore = await admin.snapshot();
      const usersBefore = (await admin.get<{ users: User[] }>('/api/admin/users')).body.users;
      const areasBefore = (await admin.get<{ areas: Area[] }>('/api/areas')).body.areas;

      const failures: string[] = [];
      const statuses = new Map<number, number>();
      await pool(CASES, CONCURRENCY, async (c, i) => {
        const headers: Record<string, string> = {};
        let token: string | null = null;
        if (typeof c.as === 'object') headers.authorization = c.as.authorization;
        else if (c.as !== 'anon') token = callers[c.as]!.token;
        if (c.body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
        let res;
        try {
          res = await request<{ results?: { status: string }[] }>(t.url, c.method, c.path, {
            token,
            headers,
            ...(c.body !== undefined ? { raw: c.body } : {}),
          });
        } catch (e) {
          const sent = typeof c.body === 'string' ? c.body : c.body ? `<${c.body.length} bytes>` : '';
          failures.push(
            `#${i} (seed ${c.seed}) ${c.label} ${c.method} ${c.path.slice(0, 80)} as ${JSON.stringify(c.as).slice(0, 40)}: no answer (${String((e as Error).cause ?? e)})\n    body (${sent.length} chars): ${sent.slice(0, 300)}`,
          );
          return;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `#${i} (seed ${c.seed}) ${c.label} ${c.method} ${c.path.slice(0, 80)} as ${JSON.stringify(c.as).slice(0, 40)} → ${res.status} ${res.text.slice(0, 200)}`;
        const sent = typeof c.body === 'string' ? c.body : c.body ? `<${c.body.length} bytes>` : '';
        if (res.status >= 500) failures.push(`${where}\n    body: ${sent.slice(0, 600)}`);
        // Every error has the contract's shape.
        else if (res.status >= 400) {
          const err = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
          if (typeof err?.code !== 'string' || typeof err.message !== 'string')
            failures.push(`bad error body: ${where}`);
        } else if (c.path === '/api/sync/push' && res.status === 200) {
          if (!res.body?.results?.every((r) => r.status === 'rejected'))
            failures.push(`applied something: ${where}`);
        }
      });
      console.log(
        `fuzz on ${backend}: ${CASES.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      const failedSeeds = RUNS.filter((r) => failures.some((f) => f.includes(`(seed ${r.seed})`)));
      expect(
        failures.slice(0, 20),
        `${failures.length} failures\n${failedSeeds.map((r) => seedFailedLine(SEED_KEY, r)).join('\n')}`,
      ).toEqual([]);

      // Nothing stored: no change in pull, users and areas as before.
      expect((await admin.pullAll(before.cursor)).changes).toEqual([]);
      expect(await admin.snapshot()).toEqual(snapshotBefore);
      expect((await admin.get<{ users: User[] }>('/api/admin/users')).body.users).toEqual(usersBefore);
      expect((await admin.get<{ areas: Area[] }>('/api/areas')).body.areas).toEqual(areasBefore);
      // The server still serves normally.
      expect((await request(t.url, 'GET', '/api/health')).status).toBe(200);
      const me = await t.world.vol1.get<{ user: User }>('/api/me');
      expect(me.body.user.phone).toBe(USERS.vol1.phone);
    },
  );
});
