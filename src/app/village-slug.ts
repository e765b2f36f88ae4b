// A village's id made from its typed name, until the server hands out area ids: "Thôn Đông" → "thon-dong".
import { fold } from '../domain/fold.ts';

/** The folded name with every run of other characters as one dash; null when nothing is left. */
export function villageSlug(name: string): string | null {
  const slug = fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? null : slug;
}
