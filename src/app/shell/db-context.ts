// The notebook handed down the tree, so that tests can give each render a fresh database: the app's
// Notebook (the first screen reads through it without Dexie) and, once loaded, Dexie's NotebookDb for
// every screen behind the first one (the shell renders those only when it is there).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { NotebookDb } from '../../db/db.ts';
import type { Notebook } from '../../db/notebook.ts';

export const NotebookContext = createContext<Notebook | null>(null);
export const DbContext = createContext<NotebookDb | null>(null);

export function useNotebook(): Notebook {
  const notebook = useContext(NotebookContext);
  if (!notebook) throw new Error('useNotebook() outside <NotebookContext.Provider>');
  return notebook;
}

export function useDb(): NotebookDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() before the notebook has loaded, or outside <DbContext.Provider>');
  return db;
}
