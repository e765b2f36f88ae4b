// The integration suite alone, without the end-to-end global setup (which builds the PWA twice and
// fails while the app is mid-edit): `npx vitest run --config test/integration/vitest.config.ts`.
// `npx vitest run test/integration` runs the same files under the project's config.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000, // as the project's (vite.config.ts): a guard against a hang, not a measure
  },
});
