// The arrows of the layout hold (eslint.config.js, docs/ARCHITECTURE.md): an import against them, static
// or dynamic, fails `npm run check`. Each case lints one line as if it were in a file of that folder.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The layer rules that fire for `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'layers/no-restricted-dynamic-import')
    .map((m) => m.ruleId!);
}

describe('the layers of src/, static and dynamic imports alike', () => {
  it.each([
    ['src/domain/x.ts', "import Dexie from 'dexie';"],
    ['src/domain/x.ts', "import { readFile } from 'node:fs';"],
    ['src/domain/x.ts', "const m = import('../db/db.ts');"],
    ['src/db/x.ts', "import { h } from 'preact';"],
    ['src/db/x.ts', "const m = import('../sync/engine.ts');"],
    ['src/sync/x.ts', "import { App } from '../app/app.tsx';"],
    ['src/sync/x.ts', 'const m = import(`../app/app.tsx`);'],
    ['src/app/x.ts', "import { push } from '../server/sync-service/push.ts';"],
    ['src/app/x.ts', "const m = import('../server/main.ts');"],
    ['src/app/x.ts', "const m = import('../demo/generate.ts');"],
    ['src/app/screens/x.tsx', "const m = import('../../sw/sw.ts');"],
    ['src/sw/x.ts', "import { App } from '../app/app.tsx';"],
    ['src/sw/x.ts', "const m = import('../server/main.ts');"],
    ['src/demo/x.ts', "import { NotebookDb } from '../db/db.ts';"],
    ['src/demo/x.ts', "const m = import('node:crypto');"],
    ['src/server/x.ts', "import { NotebookDb } from '../db/db.ts';"],
    ['src/server/x.ts', "const m = import('../app/app.tsx');"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/db/x.ts', "import { FIELDS } from '../domain/records.ts';"],
    ['src/sync/x.ts', "const m = import('../db/db.ts');"],
    ['src/app/x.ts', "const m = import('../sync/engine.ts');"],
    ['src/app/x.ts', "const m = import('workbox-window');"],
    ['src/sw/x.ts', "import { createSyncEngine } from '../sync/engine.ts';"],
    ['src/server/x.ts', "import { generateVillage } from '../demo/generate.ts';"],
    ['src/demo/x.ts', "import { isRealDate } from '../domain/dates.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
