// Asks the browser to protect the notebook from eviction after the first real use: the first edit
// kept on this phone. Asking at first sight would be refused by most browsers and means nothing yet.
import { useEffect, useRef } from 'preact/hooks';
import { outboxCount } from '../../db/list-queries.ts';
import type { Readable } from '../../db/reads.ts';
import { useTableQuery } from './table-query.ts';
import { askPersistence } from './storage.ts';

export function usePersistenceAfterFirstEdit(db: Readable): void {
  const pending = useTableQuery(db, ['outbox'], () => outboxCount(db), []);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || !pending) return;
    asked.current = true;
    void askPersistence();
  }, [pending]);
}
