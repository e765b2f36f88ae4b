// The notebook handed down the tree, so that tests can give each render a fresh database.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { NotebookDb } from '../../db/db.ts';

export const DbContext = createContext<NotebookDb | null>(null);

export function useDb(): NotebookDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() outside <DbContext.Provider>');
  return db;
}
