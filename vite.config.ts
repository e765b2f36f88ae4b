import { defineConfig, type Plugin } from 'vitest/config';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

// Which build this is, shown on the status screen: the version, and the build time unless the
// builder names it (end-to-end tests build an "A" and a "B" to exercise the update flow).
const buildId = process.env.SO06_BUILD_ID ?? `${pkg.version} (${new Date().toISOString().slice(0, 16)})`;

// Which build this is for the server: a whole number that only grows, sent by the phone in
// X-So06-Build so that the server can refuse builds older than MIN_CLIENT_BUILD (SYNC-API.md [V1],
// [V4]). A release names it (SO06_BUILD_NUMBER, e.g. the CI run number); otherwise it is the minutes
// since 1970 at build time: it grows with every later build on any machine without a counter kept
// anywhere, stays far below 2^53, and an operator can read a date from it. The package version is
// not used: it does not change with every build, and comparing version strings is error-prone.
const buildNumber = Number(process.env.SO06_BUILD_NUMBER ?? Math.floor(Date.now() / 60_000));
if (!Number.isSafeInteger(buildNumber) || buildNumber < 0) {
  throw new Error(`SO06_BUILD_NUMBER: a whole number, not ${JSON.stringify(process.env.SO06_BUILD_NUMBER)}`);
}

/** Modules of the online screens for police and admins (see chunkFileNames below). */
const ONLINE_SCREENS = [
  '/src/app/manage/',
  '/src/app/review/campaign',
  '/src/app/review/trend',
  '/src/app/review/funnel',
  '/src/app/review/province',
  // The police's list of conflicts and rejected edits: read from the server each time, no saved copy.
  '/src/app/review/issues',
  // What only the online screens above use: their export group, the province's streamed files, the
  // trends' wire and the calls of managing and trends (an API call is of no use offline anyway).
  '/src/app/review/file-export',
  '/src/app/review/stream-export',
  '/src/domain/trends',
  '/src/sync/trends-api',
  '/src/sync/manage-api',
];
/**
 * Their stylesheets' names (a chunk's CSS is named after its first module: the management screens'
 * shared chunk starts with their frame, nav.tsx).
 */
const ONLINE_STYLES = ['manage', 'nav', 'campaign', 'trend', 'funnel', 'province'];

/**
 * The first visit's screen, sign-in, is a lazy chunk: the entry asks for it once it has read that
 * nobody is signed in, a round trip after its own download. On a phone's slow network that chain
 * decides when the first screen shows (Lighthouse's LCP, DESIGN.md: ≤ 2 s). Announced in the page
 * (modulepreload, with the chunks it imports), the browser fetches it beside the entry. A returning
 * phone gets these few KB from its precache at no cost.
 */
function preloadFirstVisitScreen(source: string): Plugin {
  return {
    name: 'so06-preload-first-visit-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const screen = chunks.find((c) => c.facadeModuleId?.endsWith(source));
        if (!screen) throw new Error(`preloadFirstVisitScreen: no chunk for ${source}`);
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const add = (fileName: string) => {
          if (files.has(fileName) || html.includes(`/${fileName}"`)) return;
          files.add(fileName);
          for (const imported of byName.get(fileName)?.imports ?? []) add(imported);
        };
        add(screen.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  // Defined for the app, its service worker (vite-plugin-pwa builds sw.ts with these) and the tests.
  define: { __BUILD_ID__: JSON.stringify(buildId), __BUILD_NUMBER__: JSON.stringify(buildNumber) },
  plugins: [
    preact(),
    preloadFirstVisitScreen('/src/app/screens/sign-in.tsx'),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // Registration and updates go through workbox-window in src/app/shell/sw-update.ts.
      injectRegister: false,
      // The manifest's icons are fetched by the browser when it installs the app (online) and never
      // shown by a page: not precached (the plugin would add them whatever globIgnores says).
      includeManifestIcons: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Source maps are for developers, not for the phone's storage. The spreadsheet writers (the
        // review's export chunk: papaparse, write-excel-file) and the management screens (with the
        // import's reader, read-excel-file) are for an officer online: fetched on first use and kept
        // at run time (src/sw/sw.ts), not precached on every volunteer's phone. The manifest's PNG
        // icons likewise (includeManifestIcons below): 21.9 KB gzipped no phone's precache needs.
        globIgnores: ['**/*.map', '**/assets/export-????????.js', '**/assets/manage/**', '**/icons/*.png'],
      },
      manifest: {
        name: 'Sổ 06 — Tổ công tác Đề án 06',
        short_name: 'Sổ 06',
        description: 'Sổ tay của Tổ công tác 06: hộ, nhân khẩu, thẻ căn cước, VNeID mức 2, làm sạch dữ liệu.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        id: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b5d3b',
        background_color: '#f2f4f2',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  build: {
    target: 'es2020',
    sourcemap: true,
    rollupOptions: {
      output: {
        // The commune's management screens, and the police's campaign, trend and funnel screens (issue
        // 17) — police and admins, online — in a folder of their own, so that the service worker leaves
        // them out of every volunteer's precache (globIgnores above): every chunk holding one of their
        // modules (no screen of the volunteer's imports one), and their stylesheets.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => ONLINE_SCREENS.some((part) => id.includes(part)))
            ? 'assets/manage/[name]-[hash].js'
            : 'assets/[name]-[hash].js',
        assetFileNames: (asset) =>
          asset.names.some((n) => ONLINE_STYLES.some((prefix) => n.startsWith(prefix)))
            ? 'assets/manage/[name]-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    // A guard against a hung test, not a measure of speed (benchmarks measure, in bench/): the suite's
    // tests start real servers, processes and browsers, and on a 2-core machine running three files at
    // once several take 15–25 s.
    testTimeout: 60_000,
    // Three files at once on the 2-core machines: much of the suite waits on Chromium, servers and
    // disks (measured: 538 s against 649 s with vitest's default of one; on a slower machine 963 s
    // with three against 1,049 s with two).
    maxWorkers: 3,
    // Starting Chromium and a server in a beforeAll can pass 10 s while the other worker is busy.
    hookTimeout: 30_000,
  },
});
