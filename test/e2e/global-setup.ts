// Builds the app twice for the end-to-end tests, once per run: build "A", and build "B" that differs
// only by its build id, so that serving B after A is a real new version for the service worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from '../support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    builds: { a: string; b: string } | null;
  }
}

const root = resolve(import.meta.dirname, '../..');

async function buildApp(outDir: string, buildId: string) {
  process.env.SO06_BUILD_ID = buildId;
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    delete process.env.SO06_BUILD_ID;
  }
}

export default async function setup(project: TestProject) {
  // Without Chromium the end-to-end suites skip (or fail under CI) on their own: no build needed.
  if (!chromiumPath()) {
    project.provide('builds', null);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'so06-e2e-'));
  const builds = { a: join(dir, 'a'), b: join(dir, 'b') };
  await buildApp(builds.a, 'e2e-A');
  await buildApp(builds.b, 'e2e-B');
  project.provide('builds', builds);
  return () => rmSync(dir, { recursive: true, force: true });
}
