// Builds the app twice for the end-to-end tests, once per run: build "A", and build "B" that differs
// only by its build id and number, so that serving B after A is a real new version for the service
// worker, and a server with MIN_CLIENT_BUILD=B_BUILD_NUMBER refuses A (SYNC-API.md [V2]).
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

/** The build numbers of builds A and B (X-So06-Build). */
export const A_BUILD_NUMBER = 100;
export const B_BUILD_NUMBER = 101;

async function buildApp(outDir: string, buildId: string, buildNumber: number) {
  process.env.SO06_BUILD_ID = buildId;
  process.env.SO06_BUILD_NUMBER = String(buildNumber);
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    delete process.env.SO06_BUILD_ID;
    delete process.env.SO06_BUILD_NUMBER;
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
  await buildApp(builds.a, 'e2e-A', A_BUILD_NUMBER);
  await buildApp(builds.b, 'e2e-B', B_BUILD_NUMBER);
  project.provide('builds', builds);
  return () => rmSync(dir, { recursive: true, force: true });
}
