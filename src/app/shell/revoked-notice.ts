// The note a revoked phone leaves for its sign-in screen (SYNC-API.md [D10]): the notebook and the
// session are gone, so it lives in localStorage, holds no one's data, and goes at the next sign-in.
const KEY = 'so06-revoked';

export function markRevoked(): void {
  try {
    localStorage.setItem(KEY, new Date().toISOString());
  } catch {
    // Storage refused (private mode, full): the sign-in screen simply says nothing.
  }
}

export function wasRevoked(): boolean {
  try {
    return localStorage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}

export function clearRevoked(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}
