// The service worker: the app starts from the phone alone. The built shell is precached with
// revisioned URLs; every navigation to an app route gets the shell; the API is never cached.
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { listenForBackgroundSync } from './background-sync.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The shell and every hashed asset of this build, with revisions: a new build replaces exactly what
// changed, and an old build's caches are removed once this one activates.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Deep links (/ho/…) and reloads while offline: answer every app navigation with the precached
// shell, which routes on the client. /api/ is the server's, never the shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api(\/|$)/] }));

// Icons and fonts not in the precache (the manifest's, the browser's favicon requests), and the hashed
// scripts left out of it (the review's export chunk): cached at run time, same origin only, bounded so
// an old phone's storage is not eaten. API answers never match: citizens' data must not sit in a
// shared cache outside the notebook.
registerRoute(
  ({ request, url }) =>
    url.origin === self.location.origin &&
    !url.pathname.startsWith('/api/') &&
    (request.destination === 'image' ||
      request.destination === 'font' ||
      (request.destination === 'script' && url.pathname.startsWith('/assets/'))),
  new CacheFirst({ cacheName: 'so06-static', plugins: [new ExpirationPlugin({ maxEntries: 60 })] }),
);

// A new version waits until the person taps "Có phiên bản mới": the page asks for it then.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Edits queued while offline drain when the network returns, even with the app closed.
listenForBackgroundSync(self);

// Once active (first install, or after the tap), take the open pages at once so that they run offline.
clientsClaim();
