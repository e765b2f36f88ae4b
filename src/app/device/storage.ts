// The phone's storage made safe and visible: ask the browser not to evict the notebook (an evicted
// IndexedDB takes unsynced edits with it), and report how much space is used and free.

export interface StorageReport {
  /** true: protected from eviction; false: not; null: the browser cannot tell. */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function storageReport(): Promise<StorageReport> {
  const storage = navigator.storage as StorageManager | undefined;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage?.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Ask for persistent storage. Chromium grants it to installed or well-used apps without a prompt. */
export async function askPersistence(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return false;
  if (await storage.persisted().catch(() => false)) return true;
  return storage.persist().catch(() => false);
}

/** Bytes in a short Vietnamese-style figure: "3,2 MB". */
export function formatBytes(bytes: number, language: 'vi' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: digits })} ${units[unit]}`;
}
