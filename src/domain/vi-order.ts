// The one order of Vietnamese text the project sorts by: as a Vietnamese reader expects, tone marks
// not telling two words apart at the first level, and numbers by value ("Số 2" before "Số 10"). The
// server's lists ([RV3]) and the screens (the police's tables, the volunteer's work list) use this
// same collator, so that a list is in the same order wherever it is shown.
export const VI_ORDER = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
