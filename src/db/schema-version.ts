// The notebook's schema version (migrations.ts), apart from Dexie: the first screen's plain IndexedDB
// reads (raw-reads.ts) read only a notebook already at this version, and let Dexie upgrade an older one.
export const NOTEBOOK_VERSION = 5;

/** The version IndexedDB reports for it: Dexie stores a schema version times ten. */
export const NATIVE_VERSION = NOTEBOOK_VERSION * 10;
