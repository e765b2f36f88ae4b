// Dexie's side of the sealed notebook: a DBCore middleware closest to IndexedDB, so that everything
// above it (Dexie's tables, its change announcements, the write path) sees the rows as the app knows
// them and IndexedDB sees them sealed (sealed-rows.ts). Sealing and opening are synchronous
// (row-cipher.ts): a transaction stays active between its reads and writes.
//
// An upgrade's transaction (a new schema version) passes rows through untouched: upgrades run before
// the notebook is unlocked, and the only ones that rewrite rows are older than sealing.
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import type { TableName } from '../reads.ts';
import type { NotebookLock } from './notebook-lock.ts';
import { fromStored, SEALED_TABLES, toStored } from './sealed-rows.ts';

const isUpgrade = (trans: unknown) => (trans as { mode?: string }).mode === 'versionchange';

/** A cursor whose `value` is opened when read (Dexie reads it for each() and some filters). */
function openingCursor(cursor: DBCoreCursor, open: (v: unknown) => unknown): DBCoreCursor {
  return new Proxy(cursor, {
    get(target, prop) {
      if (prop === 'value') return open(target.value);
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function sealingTable(down: DBCoreTable, lock: NotebookLock): DBCoreTable {
  const table = down.name as TableName;
  const open = (v: unknown) => fromStored(lock, table, v);
  return {
    ...down,
    mutate(req) {
      if ((req.type !== 'add' && req.type !== 'put') || isUpgrade(req.trans)) return down.mutate(req);
      const values = req.values.map((v: Record<string, unknown>) => toStored(lock, table, v));
      return down.mutate({ ...req, values });
    },
    get(req) {
      return down.get(req).then((v) => (isUpgrade(req.trans) ? v : open(v)));
    },
    getMany(req) {
      return down.getMany(req).then((vs) => (isUpgrade(req.trans) ? vs : vs.map(open)));
    },
    query(req) {
      return down
        .query(req)
        .then((res) =>
          req.values && !isUpgrade(req.trans) ? { ...res, result: res.result.map(open) } : res,
        );
    },
    openCursor(req) {
      return down
        .openCursor(req)
        .then((cursor) =>
          cursor && req.values !== false && !isUpgrade(req.trans) ? openingCursor(cursor, open) : cursor,
        );
    },
  };
}

export function sealingMiddleware(lock: NotebookLock): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    // Below Dexie's own middlewares (the lowest of which is at -1): nearest to IndexedDB.
    level: -2,
    create(down) {
      return {
        ...down,
        table(name) {
          const t = down.table(name);
          return (SEALED_TABLES as readonly string[]).includes(name) ? sealingTable(t, lock) : t;
        },
      };
    },
  };
}
