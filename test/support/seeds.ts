// Kept failing seeds. Every seed that ever made a property or fuzz test fail is kept in test/seeds.json
// under that test's key, and replayed on every run beside the run's own seed (random, or the test's
// default), so that a bug found once by chance is looked for again on every run. A failing run prints
// its seed with the one line to add to the file. A property cut short by its time limit fails: a run
// of 3 cases out of 15 planned proves less than the test says.
//
// Keys name the test ("<file> > <what it checks>"); they are not the vitest titles, so renaming a title
// keeps its seeds. A key used here must be in the file (an empty list is fine), and every key of the
// file must be used by a test (test/unit/kept-seeds.test.ts), so that no kept seed is silently dropped.
import fc from 'fast-check';
import { onTestFailed } from 'vitest';
import KEPT from '../seeds.json' with { type: 'json' };

export const SEEDS_FILE = 'test/seeds.json';

/** A seed as the file keeps it: a number, or fast-check's seed and the path to its counterexample. */
export type KeptSeed = number | { seed: number; path?: string };

/** One seed a test runs: its own first, then every kept one. */
export interface SeedRun {
  seed: number;
  /** fast-check's path to a counterexample: the replay starts with that case. */
  path?: string;
  kept: boolean;
}

const kept = KEPT as Record<string, KeptSeed[]>;

/** Every key of test/seeds.json. */
export function keptKeys(): string[] {
  return Object.keys(kept).filter((k) => !k.startsWith('//'));
}

/** The kept seeds of `key`. A key missing from the file is a mistake (a typo would replay nothing). */
export function keptSeeds(key: string): KeptSeed[] {
  const list = kept[key];
  if (!Array.isArray(list)) {
    throw new Error(`no "${key}" in ${SEEDS_FILE}: add "${key}": [] to it (the seeds that ever failed)`);
  }
  for (const s of list) {
    const seed = typeof s === 'number' ? s : s?.seed;
    if (!Number.isInteger(seed))
      throw new Error(`${SEEDS_FILE}: "${key}" holds ${JSON.stringify(s)}, not a seed`);
  }
  return list;
}

/** The seeds of this run: `own` first, then each kept seed of `key` (once each). */
export function seedRuns(key: string, own: number): SeedRun[] {
  const runs: SeedRun[] = [{ seed: own, kept: false }];
  for (const s of keptSeeds(key)) {
    const run: SeedRun =
      typeof s === 'number' ? { seed: s, kept: true } : { seed: s.seed, path: s.path, kept: true };
    if (!runs.some((r) => r.seed === run.seed && r.path === run.path)) runs.push(run);
  }
  return runs;
}

/** What to print when `run` of `key` failed: the seed, and how to keep it (or that it is kept). */
export function seedFailedLine(key: string, run: SeedRun): string {
  const entry = run.path === undefined ? run.seed : { seed: run.seed, path: run.path };
  if (run.kept) return `Kept seed ${JSON.stringify(entry)} of "${key}" (${SEEDS_FILE}) failed again.`;
  return `Seed ${run.seed} failed. Keep it: add ${JSON.stringify(entry)} to "${key}" in ${SEEDS_FILE}.`;
}

/**
 * For a seeded test that is not a fast-check property (a fuzz, a generated data set): if the running
 * test fails, print the seeds it ran and the line that keeps the run's own seed.
 */
export function printSeedsOnFailure(key: string, runs: readonly SeedRun[]): void {
  onTestFailed(() => {
    const own = runs.find((r) => !r.kept);
    const keptOnes = runs.filter((r) => r.kept).map((r) => r.seed);
    const ran = keptOnes.length ? ` and the kept seeds ${keptOnes.join(', ')}` : '';
    console.error(
      `"${key}" failed; it ran its own seed ${own?.seed}${ran}.\n` +
        (own ? `If its own seed failed: ${seedFailedLine(key, own)}` : ''),
    );
  });
}

type PropertyParams<Ts> = Omit<fc.Parameters<Ts>, 'seed' | 'path' | 'numRuns'> & {
  numRuns: number;
  /** The run's own seed; fast-check's random one when absent. */
  seed?: number;
};

/** fast-check's own choice of seed, made here so that it can be printed and kept. */
function randomSeed(): number {
  return (Date.now() ^ (Math.random() * 0x100000000)) | 0;
}

function judge<Ts>(key: string, run: SeedRun, planned: number, details: fc.RunDetails<Ts>): void {
  if (details.failed) {
    // The path to the shrunk counterexample, so that a kept seed's replay starts with that case.
    const failed: SeedRun = { ...run, path: details.counterexamplePath ?? run.path };
    throw new Error(`${fc.defaultReportMessage(details)}\n\n${seedFailedLine(key, failed)}`);
  }
  // A seed runs every planned case, or the test proves less than it says: a time limit that cut it
  // short fails it. (A replayed path starts part-way through the runs: it runs fewer.)
  if (run.path === undefined && (details.interrupted || details.numRuns < planned)) {
    throw new Error(
      `"${key}": ${details.numRuns} of ${planned} runs (seed ${details.seed})${details.interrupted ? ', cut short by the time limit' : ''}: a property that did not run every case proves less than it says.`,
    );
  }
}

function paramsOf<Ts>(params: PropertyParams<Ts>, run: SeedRun): fc.Parameters<Ts> {
  return { ...params, seed: run.seed, ...(run.path === undefined ? {} : { path: run.path }) };
}

/**
 * fc.assert for `key`: the property on the run's own seed and on every kept one. Fails with the seed
 * to keep when a case fails, and when fewer runs than `numRuns` ran (`interruptAfterTimeLimit`).
 */
export function assertProperty<Ts>(
  key: string,
  property: fc.IProperty<Ts>,
  params: PropertyParams<Ts>,
): void {
  for (const run of seedRuns(key, params.seed ?? randomSeed())) {
    judge(key, run, params.numRuns, fc.check(property, paramsOf(params, run)));
  }
}

/** assertProperty for an asynchronous property. */
export async function assertAsyncProperty<Ts>(
  key: string,
  property: fc.IAsyncProperty<Ts>,
  params: PropertyParams<Ts>,
): Promise<void> {
  for (const run of seedRuns(key, params.seed ?? randomSeed())) {
    judge(key, run, params.numRuns, await fc.check(property, paramsOf(params, run)));
  }
}
