// Unit tests run IndexedDB on fake-indexeddb (Node has none); end-to-end tests use real Chromium.
import 'fake-indexeddb/auto';
import { afterAll } from 'vitest';
import { setPasswordCostForTests } from '../src/server/accounts/passwords.ts';

// Accounts made by the servers of the tests (in this process) hash their passwords at scrypt N = 2^10
// instead of the server's 2^15: the same code path, a 32nd of the work (src/server/accounts/passwords.ts).
setPasswordCostForTests(10);

// Preact's hooks schedule effects after the next paint, with a 100 ms timer in case no frame comes; a
// timer still pending when a DOM test file ends fires after the browser globals are gone and throws
// (cancelAnimationFrame is not defined). Let those timers run out before the file's environment goes.
afterAll(async () => {
  if (typeof document !== 'undefined') await new Promise((done) => setTimeout(done, 150));
});
