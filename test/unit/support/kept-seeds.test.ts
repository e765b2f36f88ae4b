// test/seeds.json is read by the property and fuzz tests through test/support/seeds.ts: every key in it
// must be one a test asks for (a key left behind by a rename would replay its seeds nowhere), and every
// entry must be a seed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptKeys, keptSeeds, seedFailedLine, seedRuns } from '../../support/seeds.ts';

const TEST_DIR = resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : /\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('kept seeds (test/seeds.json)', () => {
  it('every key is used by the test file it names, and holds only seeds', () => {
    const unused: string[] = [];
    for (const key of keptKeys()) {
      expect(() => keptSeeds(key), key).not.toThrow();
      const file = key.split(' > ')[0]!;
      const text = readFileSync(resolve(TEST_DIR, '..', file), 'utf8');
      if (!text.includes(JSON.stringify(key)) && !text.includes(`'${key}'`)) unused.push(key);
    }
    expect(unused).toEqual([]);
    // Every test file that asks for kept seeds names a key of the file.
    const asking = testFiles(TEST_DIR).filter((f) =>
      /from '(\.\.\/)+support\/seeds\.ts'/.test(readFileSync(f, 'utf8')),
    );
    for (const f of asking) {
      const name = relative(resolve(TEST_DIR, '..'), f);
      if (name.endsWith('kept-seeds.test.ts')) continue;
      expect(
        keptKeys().some((k) => k.startsWith(`${name} > `)),
        name,
      ).toBe(true);
    }
  });

  it('a run replays the kept seeds after its own, each once, and says how to keep a failing seed', () => {
    const key = keptKeys().find((k) => k.startsWith('test/'))!;
    const runs = seedRuns(key, 12345);
    expect(runs[0]).toEqual({ seed: 12345, kept: false });
    expect(runs.slice(1).every((r) => r.kept)).toBe(true);
    expect(seedFailedLine(key, { seed: 7, path: '3:1', kept: false })).toBe(
      `Seed 7 failed. Keep it: add {"seed":7,"path":"3:1"} to "${key}" in test/seeds.json.`,
    );
    expect(() => keptSeeds('no such test')).toThrow(/add "no such test": \[\]/);
  });
});
