// What the scan screen read from a CCCD card, handed to the person form it opens. In memory only:
// citizen data never goes into an address (history, logs) or into storage on the way. One slot, taken
// by the next person form that opens, whichever it is: a handoff nobody took is gone with it.

/** Person form fields as the form holds them: text, dates dd/mm/yyyy. */
export type ScannedField =
  'fullName' | 'birthDate' | 'gender' | 'idNumber' | 'cccdStatus' | 'cccdIssuedOn' | 'note';
export type ScannedValues = Partial<Record<ScannedField, string>>;

let pending: { householdId: string; personId: string | undefined; values: ScannedValues } | null = null;

/** Values for the form of a new member of `householdId`, or of member `personId` when given. */
export function putScan(householdId: string, values: ScannedValues, personId?: string): void {
  pending = { householdId, personId, values };
}

/** The values put for this form, once; undefined when there are none for it. */
export function takeScan(householdId: string, personId?: string): ScannedValues | undefined {
  const taken = pending;
  pending = null;
  return taken && taken.householdId === householdId && taken.personId === personId ? taken.values : undefined;
}
