// Tests of the demo village generator: deterministic, valid against the contract's schemas, coherent
// families, and status mixes close to the ones the tests, benchmarks and demo rely on.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { generateVillage, makeRandom } from '../../../src/demo/generate.ts';
import type { GenerateVillageOptions, GeneratedVillage } from '../../../src/demo/generate.ts';
import { ageOn, isoDateInVietnam } from '../../../src/domain/dates.ts';
import {
  crossFieldIssues,
  householdFields,
  personFields,
  taskFields,
  uuid,
  visitFields,
} from '../../../src/domain/records.ts';
import type { Person } from '../../../src/domain/records.ts';

// A fixed past day: the schemas refuse dates after the real today, so this must not be in the future.
const TODAY = '2025-11-20';

const options = (households: number, seed = 42, extra: Partial<GenerateVillageOptions> = {}) => ({
  villageId: 'thon-dong',
  villageName: 'Thôn Đông',
  households,
  seed,
  today: TODAY,
  provinceCode: '019',
  ...extra,
});

// Generated once and only read by the tests below.
const village = generateVillage(options(2000));
const persons14 = village.persons.filter((p) => ageOn(p.birthDate, TODAY) >= 14);
const personsUnder14 = village.persons.filter((p) => ageOn(p.birthDate, TODAY) < 14);

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length;
}

function byHousehold<T extends { householdId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.householdId);
    if (list) list.push(item);
    else map.set(item.householdId, [item]);
  }
  return map;
}

/** The ID-number rule of DESIGN.md: digit 4 says gender and century, digits 5–6 the birth year. */
function idMatches(p: Person): boolean {
  const id = p.idNumber as string;
  const year = Number(p.birthDate.slice(0, 4));
  const genderDigit = 2 * (Math.floor(year / 100) - 19) + (p.gender === 'female' ? 1 : 0);
  return Number(id[3]) === genderDigit && id.slice(4, 6) === String(year % 100).padStart(2, '0');
}

/** Parse failures and unknown keys of every record, as readable strings (empty when all are good). */
function problems(v: GeneratedVillage): string[] {
  const out: string[] = [];
  const check = (kind: string, schema: z.ZodObject, records: readonly Record<string, unknown>[]) => {
    const known = new Set([...Object.keys(schema.shape), 'id', 'version']);
    for (const r of records) {
      const parsed = schema.safeParse(r);
      if (!parsed.success) out.push(`${kind} ${String(r.id)}: ${parsed.error.message}`);
      if (!uuid.safeParse(r.id).success) out.push(`${kind} ${String(r.id)}: bad id`);
      if (r.version !== 0) out.push(`${kind} ${String(r.id)}: version ${String(r.version)}`);
      for (const key of Object.keys(r)) if (!known.has(key)) out.push(`${kind} ${String(r.id)}: key ${key}`);
    }
  };
  check('household', householdFields, v.households as never);
  check('person', personFields, v.persons as never);
  check('task', taskFields, v.tasks as never);
  check('visit', visitFields, v.visits as never);
  for (const p of v.persons) {
    if (crossFieldIssues('person', p).length > 0) out.push(`person ${p.id}: cross-field issue`);
  }
  return out;
}

describe('makeRandom', () => {
  it('repeats a sequence for a seed and changes it with the seed', () => {
    const seq = (seed: number) => {
      const r = makeRandom(seed);
      return Array.from({ length: 50 }, () => r.next());
    };
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
    expect(seq(0)).not.toEqual(seq(1));
  });

  it('gives floats in [0, 1) and integers within both bounds', () => {
    const r = makeRandom(3);
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      ints.add(r.int(-2, 2));
    }
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2]);
    expect(r.int(7, 7)).toBe(7);
    expect(() => r.int(2, 1)).toThrow(RangeError);
  });

  it('picks, weighs and flips coins in proportion', () => {
    const r = makeRandom(4);
    const n = 20_000;
    let b = 0;
    let heads = 0;
    const picked = new Set<string>();
    for (let i = 0; i < n; i++) {
      const w = r.weighted([
        ['a', 1],
        ['never', 0],
        ['b', 3],
      ] as const);
      expect(w).not.toBe('never');
      if (w === 'b') b++;
      if (r.chance(0.2)) heads++;
      picked.add(r.pick(['x', 'y', 'z']));
    }
    expect(b / n).toBeGreaterThan(0.73);
    expect(b / n).toBeLessThan(0.77);
    expect(heads / n).toBeGreaterThan(0.18);
    expect(heads / n).toBeLessThan(0.22);
    expect(picked).toEqual(new Set(['x', 'y', 'z']));
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.weighted([['a', 0]])).toThrow(RangeError);
  });

  it('makes distinct lower-case version-4 UUIDs that zod accepts', () => {
    const r = makeRandom(5);
    const ids = Array.from({ length: 10_000 }, () => r.uuid());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 500)) {
      expect(uuid.safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe('generateVillage: determinism and validity', () => {
  it('gives the same village for the same seed and another for another seed', () => {
    const a = generateVillage(options(300, 7));
    expect(generateVillage(options(300, 7))).toEqual(a);
    const b = generateVillage(options(300, 8));
    expect(b).not.toEqual(a);
    const idsA = new Set(a.households.map((h) => h.id));
    expect(b.households.some((h) => idsA.has(h.id))).toBe(false);
  });

  it('passes the contract schemas with version 0 and no unknown fields', () => {
    expect(problems(village)).toEqual([]);
  });

  it('stays valid with the real today as "today" (babies born and visits made today)', () => {
    const today = isoDateInVietnam(Date.now());
    expect(problems(generateVillage(options(500, 9, { today })))).toEqual([]);
  });

  it('never dates anything after today', () => {
    const late = [
      ...village.persons.flatMap((p) => [p.birthDate, p.cccdIssuedOn ?? '']),
      ...village.visits.map((v) => v.visitedOn),
    ].filter((d) => d > TODAY);
    expect(late).toEqual([]);
  });

  it('uses unique ids across all records and across villages of one commune', () => {
    const other = generateVillage(options(2000, 43));
    const ids = [village, other].flatMap((v) => [
      ...v.households.map((h) => h.id),
      ...v.persons.map((p) => p.id),
      ...v.tasks.map((t) => t.id),
      ...v.visits.map((x) => x.id),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses impossible options', () => {
    expect(() => generateVillage(options(-1))).toThrow(RangeError);
    expect(() => generateVillage(options(1.5))).toThrow(RangeError);
    expect(() => generateVillage(options(1, 1, { today: '2025-02-30' }))).toThrow(RangeError);
    expect(() => generateVillage(options(1, 1, { provinceCode: '19' }))).toThrow(RangeError);
    expect(generateVillage(options(0))).toEqual({ households: [], persons: [], tasks: [], visits: [] });
  });
});

describe('generateVillage: households and families', () => {
  const members = byHousehold(village.persons);

  it('makes exactly the households asked for, of 1–7 members, ~4 on average', () => {
    expect(village.households).toHaveLength(2000);
    expect(village.households.every((h) => h.villageId === 'thon-dong')).toBe(true);
    const ratio = village.persons.length / village.households.length;
    expect(ratio).toBeGreaterThanOrEqual(3.5);
    expect(ratio).toBeLessThanOrEqual(4.5);
    const sizes = village.households.map((h) => members.get(h.id)?.length ?? 0);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(7);
  });

  it('gives every household exactly one head, whose name is the household head name', () => {
    for (const h of village.households) {
      const heads = (members.get(h.id) ?? []).filter((p) => p.relation === 'head');
      expect(heads).toHaveLength(1);
      expect(heads[0]?.fullName).toBe(h.headName);
      const age = ageOn(heads[0]!.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(28);
      expect(age).toBeLessThanOrEqual(80);
    }
    expect(share(village.households, (h) => members.get(h.id)![0]!.gender === 'male')).toBeGreaterThan(0.7);
  });

  it('keeps families coherent: spouses of the other gender, children with the father’s surname', () => {
    const surname = (p: Person) => p.fullName.split(' ')[0];
    let checkedMothers = 0;
    for (const list of members.values()) {
      const head = list.find((p) => p.relation === 'head')!;
      const spouse = list.find((p) => p.relation === 'spouse');
      expect(list.filter((p) => p.relation === 'spouse').length).toBeLessThanOrEqual(1);
      if (spouse) expect(spouse.gender).not.toBe(head.gender);
      const father = head.gender === 'male' ? head : spouse;
      const mother = head.gender === 'female' ? head : spouse;
      for (const child of list.filter((p) => p.relation === 'child')) {
        if (father) expect(surname(child)).toBe(surname(father));
        if (mother) {
          const atBirth = ageOn(mother.birthDate, child.birthDate);
          expect(atBirth).toBeGreaterThanOrEqual(18);
          expect(atBirth).toBeLessThanOrEqual(45);
          checkedMothers++;
        }
      }
      for (const parent of list.filter((p) => p.relation === 'parent')) {
        expect(parent.birthDate < head.birthDate).toBe(true);
        if (parent.gender === 'male') expect(surname(parent)).toBe(surname(head));
      }
      for (const grandchild of list.filter((p) => p.relation === 'grandchild')) {
        expect(ageOn(head.birthDate, grandchild.birthDate)).toBeGreaterThanOrEqual(36);
      }
    }
    expect(checkedMothers).toBeGreaterThan(1000);
    const relations = new Set(village.persons.map((p) => p.relation));
    expect(relations).toEqual(
      new Set(['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']),
    );
  });

  it('has babies, children around the 14-year boundary and elderly people', () => {
    const ages = village.persons.map((p) => ageOn(p.birthDate, TODAY));
    const count = (test: (age: number) => boolean) => ages.filter(test).length;
    expect(count((a) => a === 0)).toBeGreaterThan(20);
    for (const a of [13, 14, 15]) expect(count((x) => x === a)).toBeGreaterThan(30);
    expect(count((a) => a >= 60) / ages.length).toBeGreaterThan(0.1);
    expect(count((a) => a >= 60) / ages.length).toBeLessThan(0.3);
  });

  it('writes Vietnamese names in NFC with realistic surnames and gendered middle names', () => {
    for (const p of village.persons) {
      expect(p.fullName).toBe(p.fullName.normalize('NFC'));
      expect(p.fullName.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(p.fullName.split(' ').length).toBeLessThanOrEqual(4);
    }
    const heads = village.persons.filter((p) => p.relation === 'head');
    const nguyen = share(heads, (p) => p.fullName.startsWith('Nguyễn '));
    expect(nguyen).toBeGreaterThan(0.33);
    expect(nguyen).toBeLessThan(0.43);
    expect(share(heads, (p) => p.fullName.startsWith('Trần '))).toBeGreaterThan(0.07);
    expect(new Set(village.persons.map((p) => p.fullName.split(' ')[0])).size).toBeGreaterThan(25);
    expect(village.persons.some((p) => p.gender === 'male' && p.fullName.includes(' Thị '))).toBe(false);
    expect(village.persons.some((p) => p.gender === 'female' && p.fullName.includes(' Văn '))).toBe(false);
    const given = new Set(village.persons.map((p) => p.fullName.split(' ').at(-1)));
    expect(given.size).toBeGreaterThan(80);
  });

  it('gives addresses in the village, codes to ~90% of households and mobile numbers', () => {
    for (const h of village.households) {
      expect(h.address.endsWith(', Thôn Đông')).toBe(true);
      if (h.householdCode) expect(h.householdCode).toMatch(/^\d{8,12}$/);
      if (h.phone) expect(h.phone).toMatch(/^0[3789]\d{8}$/);
    }
    const codes = village.households.flatMap((h) => (h.householdCode ? [h.householdCode] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length / 2000).toBeGreaterThan(0.86);
    expect(codes.length / 2000).toBeLessThan(0.94);
    const phones = share(village.households, (h) => !!h.phone);
    expect(phones).toBeGreaterThan(0.2);
    expect(phones).toBeLessThan(0.8);
    for (const p of village.persons) {
      if (p.phone) {
        expect(p.phone).toMatch(/^0[3789]\d{8}$/);
        expect(ageOn(p.birthDate, TODAY)).toBeGreaterThanOrEqual(18);
      }
    }
    expect(share(persons14, (p) => !!p.phone)).toBeGreaterThan(0.2);
    const town = generateVillage(options(200, 5, { villageName: 'Tổ dân phố số 3' }));
    expect(share(town.households, (h) => h.address.includes(', ngõ '))).toBeGreaterThan(0.6);
  });
});

describe('generateVillage: card, VNeID and ID-number statuses', () => {
  it('mixes card statuses of people aged 14+ as specified, and mostly none under 14', () => {
    const cccd = (s: string) => share(persons14, (p) => p.cccdStatus === s);
    expect(cccd('issued')).toBeGreaterThan(0.82);
    expect(cccd('issued')).toBeLessThan(0.88);
    expect(cccd('applied')).toBeGreaterThan(0.03);
    expect(cccd('applied')).toBeLessThan(0.07);
    expect(cccd('lost')).toBeGreaterThan(0.01);
    expect(cccd('lost')).toBeLessThan(0.035);
    expect(cccd('none')).toBeGreaterThan(0.05);
    expect(cccd('none')).toBeLessThan(0.11);
    expect(share(personsUnder14, (p) => p.cccdStatus === 'none')).toBeGreaterThan(0.9);
    expect(personsUnder14.some((p) => p.cccdStatus === 'issued')).toBe(true);
  });

  it('mixes VNeID statuses of people aged 14+ as specified, and none under 14', () => {
    const vneid = (s: string) => share(persons14, (p) => p.vneidStatus === s);
    expect(vneid('level2_active')).toBeGreaterThan(0.56);
    expect(vneid('level2_active')).toBeLessThan(0.64);
    expect(vneid('level2_pending')).toBeGreaterThan(0.05);
    expect(vneid('level2_pending')).toBeLessThan(0.11);
    expect(vneid('level1')).toBeGreaterThan(0.07);
    expect(vneid('level1')).toBeLessThan(0.13);
    expect(personsUnder14.every((p) => p.vneidStatus === 'none')).toBe(true);
  });

  it('dates most issued cards after 2021, after the 14th birthday, some older, none before birth', () => {
    const issued = village.persons.filter((p) => p.cccdStatus === 'issued');
    const dated = issued.filter((p) => p.cccdIssuedOn);
    expect(dated.length / issued.length).toBeGreaterThan(0.85);
    expect(
      village.persons.some((p) => p.cccdIssuedOn && p.cccdStatus !== 'issued' && p.cccdStatus !== 'lost'),
    ).toBe(false);
    const recent = share(dated, (p) => p.cccdIssuedOn! >= '2021-01-01');
    expect(recent).toBeGreaterThan(0.85);
    expect(recent).toBeLessThan(1);
    const adults = dated.filter((p) => ageOn(p.birthDate, TODAY) >= 14);
    expect(share(adults, (p) => ageOn(p.birthDate, p.cccdIssuedOn!) >= 14)).toBeGreaterThan(0.97);
    expect(dated.every((p) => p.cccdIssuedOn! >= p.birthDate && p.cccdIssuedOn! <= TODAY)).toBe(true);
  });

  it('gives ID numbers to ~92% of card holders and applicants and ~60% of children', () => {
    const carded = village.persons.filter((p) => p.cccdStatus === 'issued' || p.cccdStatus === 'applied');
    const withId = share(carded, (p) => !!p.idNumber);
    expect(withId).toBeGreaterThan(0.89);
    expect(withId).toBeLessThan(0.95);
    const children = share(personsUnder14, (p) => !!p.idNumber);
    expect(children).toBeGreaterThan(0.52);
    expect(children).toBeLessThan(0.68);
  });

  it('builds ID numbers by the rule, with ~2% deliberately inconsistent', () => {
    const withId = village.persons.filter((p) => p.idNumber);
    const ids = withId.map((p) => p.idNumber!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^\d{12}$/);
      const province = Number(id.slice(0, 3));
      expect(province).toBeGreaterThanOrEqual(1);
      expect(province).toBeLessThanOrEqual(96);
    }
    expect(share(ids, (id) => id.startsWith('019'))).toBeGreaterThan(0.75);
    const wrong = share(withId, (p) => !idMatches(p));
    expect(wrong).toBeGreaterThan(0.008);
    expect(wrong).toBeLessThan(0.035);
  });

  it('makes every ID number one the contract accepts, its deliberate flaws included', () => {
    // A flawed year must stay a year that has come: "born 2009" with its digits swapped is 2090, which
    // no phone or server may store. Several seeds, at a past today and at the real one.
    const today = isoDateInVietnam(Date.now());
    const villages = [
      village,
      ...[7, 9, 6001, 6002, 6003].map((seed) => generateVillage(options(1500, seed))),
    ];
    villages.push(
      generateVillage(options(1500, 42, { today })),
      generateVillage(options(1500, 6001, { today })),
    );
    const idNumber = personFields.shape.idNumber;
    const refused = villages
      .flatMap((v) => v.persons)
      .filter((p) => p.idNumber && !idNumber.safeParse(p.idNumber).success)
      .map((p) => `${p.idNumber} (born ${p.birthDate})`);
    expect(refused).toEqual([]);
    const flawed = villages.flatMap((v) => v.persons).filter((p) => p.idNumber && !idMatches(p));
    expect(flawed.length).toBeGreaterThan(50);
  });
});

describe('generateVillage: tasks and visits', () => {
  const personById = new Map(village.persons.map((p) => [p.id, p]));
  const householdIds = new Set(village.households.map((h) => h.id));

  it('points persons, tasks and visits at generated households, task persons at the same household', () => {
    expect(village.persons.every((p) => householdIds.has(p.householdId))).toBe(true);
    expect(village.visits.every((v) => householdIds.has(v.householdId))).toBe(true);
    for (const t of village.tasks) {
      expect(householdIds.has(t.householdId)).toBe(true);
      if (t.personId) expect(personById.get(t.personId)?.householdId).toBe(t.householdId);
    }
  });

  it('gives 1–2 tasks to ~15% of households, ~70% open, with Vietnamese notes', () => {
    const tasks = byHousehold(village.tasks);
    expect(tasks.size / 2000).toBeGreaterThan(0.1);
    expect(tasks.size / 2000).toBeLessThan(0.2);
    for (const list of tasks.values()) expect(list.length).toBeLessThanOrEqual(2);
    const open = share(village.tasks, (t) => t.status === 'open');
    expect(open).toBeGreaterThan(0.6);
    expect(open).toBeLessThan(0.8);
    const kinds = new Set(village.tasks.map((t) => t.kind));
    for (const k of ['wrong_info', 'missing_id', 'deceased', 'moved_away', 'duplicate'])
      expect(kinds).toContain(k);
    for (const t of village.tasks) {
      expect(t.note.length).toBeGreaterThan(10);
      expect(t.note).toBe(t.note.normalize('NFC'));
    }
  });

  it('files wrong_info tasks for some of the inconsistent ID numbers', () => {
    const flagged = village.tasks.filter((t) => {
      const p = t.personId ? personById.get(t.personId) : undefined;
      return t.kind === 'wrong_info' && p?.idNumber && !idMatches(p);
    });
    expect(flagged.length).toBeGreaterThan(10);
    const missing = village.tasks.filter((t) => t.kind === 'missing_id');
    expect(missing.every((t) => !personById.get(t.personId!)?.idNumber)).toBe(true);
  });

  it('visits ~60% of households 1–3 times in the last 120 days, mostly meeting someone', () => {
    const visits = byHousehold(village.visits);
    expect(visits.size / 2000).toBeGreaterThan(0.55);
    expect(visits.size / 2000).toBeLessThan(0.65);
    for (const list of visits.values()) expect(list.length).toBeLessThanOrEqual(3);
    const earliest = new Date(Date.parse(TODAY) - 119 * 86_400_000).toISOString().slice(0, 10);
    expect(village.visits.every((v) => v.visitedOn >= earliest && v.visitedOn <= TODAY)).toBe(true);
    const outcome = (o: string) => share(village.visits, (v) => v.outcome === o);
    expect(outcome('met')).toBeGreaterThan(0.7);
    expect(outcome('met')).toBeLessThan(0.8);
    expect(outcome('not_home')).toBeGreaterThan(0.15);
    expect(outcome('not_home')).toBeLessThan(0.25);
    expect(outcome('refused')).toBeGreaterThan(0.02);
    expect(outcome('refused')).toBeLessThan(0.08);
    expect(village.visits.some((v) => v.note)).toBe(true);
  });
});

describe('generateVillage at benchmark scale', () => {
  it('makes 10,000 households of ~40,000 persons with unique ids', () => {
    const big = generateVillage(options(10_000, 2026, { provinceCode: '079' }));
    expect(big.households).toHaveLength(10_000);
    expect(big.persons.length).toBeGreaterThan(35_000);
    expect(big.persons.length).toBeLessThan(45_000);
    const ids = [...big.households, ...big.persons, ...big.tasks, ...big.visits].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
