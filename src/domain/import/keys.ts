// The keys that say two rows, or a row and a stored record, are the same household or the same person.
// The import groups the file's rows by them and the server looks its records up by them, so both must
// build them here, from values cleaned the same way; folding makes "NGUYỄN VĂN AN" and "Nguyễn Văn An"
// one name, as the officer would read them.
import { fold } from '../fold.ts';

/**
 * A household's key: `code:<folded code>` when it has a household code (the population database's,
 * stable across exports), else `head:<folded head name>|<folded address>`.
 */
export function householdKey(h: {
  householdCode?: string | null | undefined;
  headName: string;
  address: string;
}): string {
  return h.householdCode ? `code:${fold(h.householdCode)}` : headKey(h.headName, h.address);
}

export function headKey(headName: string, address: string): string {
  return `head:${fold(headName)}|${fold(address)}`;
}

interface NamedPerson {
  fullName: string;
  birthDate: string;
  idNumber?: string | null | undefined;
}

/**
 * The keys by which a person is the same one elsewhere (another row of the file, a record on the
 * server): `id:<ID number>` when there is one, and always `nb:<folded full name>|<birth date>`. Takes an
 * imported person, its fields, or a stored person.
 */
export function matchKeys(person: NamedPerson | { fields: NamedPerson }): string[] {
  const p = 'fields' in person ? person.fields : person;
  const nameKey = `nb:${fold(p.fullName)}|${p.birthDate}`;
  return p.idNumber ? [`id:${p.idNumber}`, nameKey] : [nameKey];
}
