// The unit suite alone, without the end-to-end global setup (which builds the PWA twice):
// `npx vitest run --config test/unit/vitest.config.ts [files]`. `npm test` runs the same files.
import project from '../../vite.config.ts';

export default {
  ...project,
  test: {
    ...project.test,
    include: ['test/unit/**/*.test.{ts,tsx}'],
    globalSetup: [],
    reporters: ['default'],
  },
};
