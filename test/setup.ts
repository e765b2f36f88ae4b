// Unit tests run IndexedDB on fake-indexeddb (Node has none); end-to-end tests use real Chromium.
import 'fake-indexeddb/auto';
import { setPasswordCostForTests } from '../src/server/accounts/passwords.ts';

// Accounts made by the servers of the tests (in this process) hash their passwords at scrypt N = 2^10
// instead of the server's 2^15: the same code path, a 32nd of the work (src/server/accounts/passwords.ts).
setPasswordCostForTests(10);
