// A fixed "now" for tests whose answer depends on the date: who is 14 today, which birth years have
// come, today's date in Vietnam. Only Date is faked: timers, promises and IndexedDB run as usual.
import { afterEach, beforeEach, vi } from 'vitest';

/** Sets the clock to `at` (an ISO time with its offset) for each test of the file or describe. */
export function clockAt(at: string): void {
  beforeEach(() => setClock(at));
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Sets the clock to `at` now, within a test (`vi.useRealTimers()` afterwards, or clockAt's afterEach). */
export function setClock(at: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
}
