// A process whose disk fails an fsync: `node --import tsx test/support/fsync-failure.ts DIR`. It opens
// the embedded database in DIR, commits a row (id 1), then makes every fdatasync fail with EIO and
// commits another (id 2). Prints "committed 1", then "committed 2" only if that commit returned.
import fs from 'node:fs';
import { openPgliteStore } from '../../src/server/store/pglite-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: fsync-failure.ts DIR');
const store = await openPgliteStore({ dataDir: dir });
await store.query('CREATE TABLE t (id int PRIMARY KEY)');
await store.transaction(async (tx) => {
  await tx.query('INSERT INTO t VALUES (1)');
});
console.log('committed 1');
fs.fdatasyncSync = () => {
  throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5 });
};
await store.transaction(async (tx) => {
  await tx.query('INSERT INTO t VALUES (2)');
});
console.log('committed 2');
await store.close();
