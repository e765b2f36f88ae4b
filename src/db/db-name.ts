// The notebook's IndexedDB name, apart from Dexie: the service worker reads the outbox under it
// without loading Dexie (outbox-reader.ts).
export const DEFAULT_DB_NAME = 'so06';
