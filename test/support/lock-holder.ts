// A process that takes a data folder's lock (data-dir-lock.ts) and holds it until it is killed or its
// standard input closes: `node --import tsx test/support/lock-holder.ts DIR`. It prints one JSON line,
// the outcome: {"ok":true,"pid":…} or {"ok":false,"code":…,"pid":…,"message":…}.
import { lockDataDir } from '../../src/server/store/data-dir-lock.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-holder.ts DIR');
const lock = lockDataDir(dir);
if (lock.ok) {
  console.log(JSON.stringify({ ok: true, pid: process.pid }));
  process.stdin.resume();
  process.stdin.on('end', () => {
    lock.release();
    process.exit(0);
  });
} else {
  console.log(JSON.stringify({ ...lock, ok: false }));
  process.exit(0);
}
