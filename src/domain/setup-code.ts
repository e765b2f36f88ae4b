// One-time set-up codes as people and cameras see them (SYNC-API.md [M20], [M21]): 8 characters of
// A–Z and 2–9 without I and O, shown as ABCD-EFGH, printed as a QR code of the app's address
// `<origin>/thiet-lap#ABCDEFGH` (a phone's own camera app opens the app on it; the code is in the
// fragment, which no browser sends to a server or a log).
export const SETUP_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const SETUP_CODE_LENGTH = 8;
export const SETUP_PATH = '/thiet-lap';

/** [M21] As typed: case, spaces and dashes do not matter. */
export function normaliseSetupCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Whether typed text can be a code at all (the server judges whether it is a live one). */
export function looksLikeSetupCode(typed: string): boolean {
  const code = normaliseSetupCode(typed);
  return code.length === SETUP_CODE_LENGTH && [...code].every((c) => SETUP_CODE_ALPHABET.includes(c));
}

/** `ABCD-EFGH`: how a code is shown and printed. */
export const formatSetupCode = (code: string): string => {
  const c = normaliseSetupCode(code);
  return `${c.slice(0, 4)}-${c.slice(4)}`;
};

/** The address a set-up QR code holds. */
export const setupUrl = (origin: string, code: string): string =>
  `${origin}${SETUP_PATH}#${normaliseSetupCode(code)}`;

/** The code in a scanned QR text: a set-up address of any origin, or a bare code; null for anything else. */
export function setupCodeFromQr(text: string): string | null {
  const trimmed = text.trim();
  let candidate = trimmed;
  try {
    const url = new URL(trimmed);
    if (url.pathname.replace(/\/$/, '') !== SETUP_PATH) return null;
    candidate = decodeURIComponent(url.hash.slice(1));
  } catch {
    // Not an address: maybe the code alone.
  }
  return looksLikeSetupCode(candidate) ? normaliseSetupCode(candidate) : null;
}
