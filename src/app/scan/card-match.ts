// A card read against the household: which member it is, and where the notebook says otherwise.
import type { CccdQrFields } from '../../domain/cccd-qr.ts';
import { fold } from '../../domain/fold.ts';
import type { Person } from '../../domain/records.ts';

/** The fields compared, in the order the person form shows them. */
export const DIFF_FIELDS = [
  'fullName',
  'birthDate',
  'gender',
  'idNumber',
  'cccdStatus',
  'cccdIssuedOn',
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface CardDifference {
  field: DiffField;
  /** The card's value, as stored (dates YYYY-MM-DD). */
  card: string;
  /** The notebook's value; undefined when it has none. */
  book: string | undefined;
}

/** The member the card belongs to: the same ID number, else the same name (tone-blind) and birth date. */
export function findMember(persons: readonly Person[], card: CccdQrFields): Person | undefined {
  const byId = card.idNumber ? persons.find((p) => p.idNumber === card.idNumber) : undefined;
  if (byId || !card.fullName || !card.birthDate) return byId;
  const name = fold(card.fullName);
  return persons.find((p) => p.birthDate === card.birthDate && fold(p.fullName) === name);
}

/** A name as written, spaces and letter case aside: "NGUYỄN  Văn An" is "Nguyễn Văn An". */
const sameName = (a: string, b: string) =>
  a.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi') ===
  b.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/** Each field the card gives that the notebook records otherwise; a card read means a card issued. */
export function cardDifferences(person: Person, card: CccdQrFields): CardDifference[] {
  const onCard: Partial<Record<DiffField, string>> = { ...card, cccdStatus: 'issued' };
  const out: CardDifference[] = [];
  for (const field of DIFF_FIELDS) {
    const value = onCard[field];
    const book = person[field] || undefined;
    if (value === undefined) continue;
    const same = field === 'fullName' ? sameName(value, book ?? '') : value === book;
    if (!same) out.push({ field, card: value, book });
  }
  return out;
}
