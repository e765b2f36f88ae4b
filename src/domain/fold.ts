// Vietnamese text folding for tone-blind search: volunteers type names without diacritics on any keyboard.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * Folds `text` to a search key: no tone or vowel marks, đ as d, lower case, single spaces. Input may be NFC
 * or NFD (text pasted from other apps often is NFD); both fold the same.
 */
export function fold(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(COMBINING_MARKS, '')
      .toLowerCase()
      // đ is a letter of its own, not d with a mark: NFD leaves it whole.
      .replace(/đ/g, 'd')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The distinct folded words of `text`, in order of first appearance: what a record is indexed by. */
export function foldWords(text: string): string[] {
  const words = fold(text)
    .split(NON_WORD)
    .filter((w) => w !== '');
  return [...new Set(words)];
}

/**
 * True when every word of `query` (folded) begins some word of `words` (already folded by foldWords), so a
 * partly typed name already finds the person. An empty query matches everything: nothing to filter by.
 */
export function matchesWords(words: readonly string[], query: string): boolean {
  return foldWords(query).every((q) => words.some((w) => w.startsWith(q)));
}
