// The rule ids of docs/SYNC-API.md: each is defined once there (`**[X9]**` at the start of its rule),
// every integration test cites one (in its own title or in an enclosing describe's), and every id
// cited in src/ or test/ is one the contract defines. The tests' titles are read from their syntax
// tree (the TypeScript parser), so a title split over lines, an `it.each(...)` or a
// `describe.skipIf(...)` counts like any other.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CONTRACT = 'docs/SYNC-API.md';
const INTEGRATION = 'test/integration';

/**
 * The section prefixes: errors, accounts, records, push, pull, tallies, devices, review, versions, server,
 * managing, campaigns, targets-snapshots-and-trends.
 */
const PREFIXES = ['E', 'A', 'R', 'P', 'PL', 'T', 'D', 'RV', 'V', 'S', 'M', 'C', 'G'];
const ALTERNATIVES = PREFIXES.join('|');
/** A definition in the contract: the id in bold. Any capital prefix, so that an unknown one is caught. */
const DEFINITION = /\*\*\[([A-Z]+\d+)\]\*\*/g;
/** A citation: one of the prefixes, then digits, in square brackets (never a character class like [A-Z]). */
const CITATION = new RegExp(`\\[((?:${ALTERNATIVES})\\d+)\\]`, 'g');

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const idsIn = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]!);

function definitions(): string[] {
  return idsIn(read(CONTRACT), DEFINITION);
}

/** Every id cited in `text`, with its line number. */
function citations(text: string): { id: string; line: number }[] {
  return [...text.matchAll(CITATION)].map((m) => ({
    id: m[1]!,
    line: text.slice(0, m.index).split('\n').length,
  }));
}

/** Files under `dir` (relative to the root) whose names end with one of `extensions`, recursively. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path, extensions));
    else if (extensions.some((ext) => entry.name.endsWith(ext))) out.push(path);
  }
  return out.sort();
}

interface TestCall {
  kind: 'describe' | 'it' | 'test';
  title: string;
  /** The titles of the enclosing describes, outermost first. */
  within: string[];
}

const TEST_FUNCTIONS = new Set(['describe', 'it', 'test']);

/** `it`, `it.each(rows)`, `describe.skipIf(cond)`, `it.only`…: the vitest function at the root, if any. */
function vitestFunction(callee: ts.Expression): TestCall['kind'] | null {
  let e = callee;
  for (;;) {
    if (ts.isIdentifier(e)) return TEST_FUNCTIONS.has(e.text) ? (e.text as TestCall['kind']) : null;
    if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else return null;
  }
}

/** A title written as a string or a template (its source text, `${…}` and all). */
function titleOf(node: ts.Expression | undefined, source: ts.SourceFile): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText(source);
  return null;
}

/** Every describe, it and test call of a test file with a title, with its enclosing describes. */
function testCalls(path: string): TestCall[] {
  const source = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: TestCall[] = [];
  const visit = (node: ts.Node, within: string[]): void => {
    if (ts.isCallExpression(node)) {
      const kind = vitestFunction(node.expression);
      const title = kind ? titleOf(node.arguments[0], source) : null;
      if (kind && title !== null) {
        calls.push({ kind, title, within });
        const inner = kind === 'describe' ? [...within, title] : within;
        for (const arg of node.arguments) visit(arg, inner);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, within));
  };
  visit(source, []);
  return calls;
}

const cites = (title: string): boolean => idsIn(title, CITATION).length > 0;

describe('rule ids of docs/SYNC-API.md', () => {
  it('each id is defined once, with a known prefix', () => {
    const ids = definitions();
    expect(ids.length).toBeGreaterThan(0);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(twice, 'ids defined more than once').toEqual([]);
    const unknown = ids.filter((id) => !new RegExp(`^(?:${ALTERNATIVES})\\d+$`).test(id));
    expect(unknown, `ids whose prefix is not one of ${PREFIXES.join(', ')}`).toEqual([]);
  });

  it('the contract cites only ids it defines', () => {
    const defined = new Set(definitions());
    const missing = citations(read(CONTRACT)).filter((c) => !defined.has(c.id));
    expect(missing.map((c) => `${CONTRACT}:${c.line}: [${c.id}]`)).toEqual([]);
  });

  it('every integration test cites an id, in its title or an enclosing describe title', () => {
    const files = filesUnder(INTEGRATION, ['.test.ts']);
    expect(files.length).toBeGreaterThan(0);
    const uncovered: string[] = [];
    const silent: string[] = [];
    for (const file of files) {
      const calls = testCalls(file);
      if (!calls.some((c) => cites(c.title))) silent.push(file);
      for (const call of calls) {
        if (call.kind === 'describe') continue;
        if (cites(call.title) || call.within.some(cites)) continue;
        uncovered.push(`${file}: ${[...call.within, call.title].join(' › ')}`);
      }
    }
    expect(silent, 'integration test files that cite no rule id').toEqual([]);
    expect(uncovered, 'tests without a rule id (put one in the title: "[P6] …")').toEqual([]);
  });

  it('every id cited in src/ and test/ is defined in the contract', () => {
    const defined = new Set(definitions());
    const missing: string[] = [];
    for (const file of [
      ...filesUnder('src', ['.ts', '.tsx']),
      ...filesUnder('test', ['.ts', '.tsx', '.mjs']),
    ]) {
      for (const c of citations(read(file))) {
        if (!defined.has(c.id)) missing.push(`${relative(ROOT, join(ROOT, file))}:${c.line}: [${c.id}]`);
      }
    }
    expect(missing, `ids cited but not defined in ${CONTRACT}`).toEqual([]);
  });
});
