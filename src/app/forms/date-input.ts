// Dates as volunteers type them: dd/mm/yyyy, also with dots or dashes, or eight digits in a row
// (some phone keypads for numbers have no slash).
import { formatDateVi, parseDateVi } from '../../domain/dates.ts';

/** The typed text as `YYYY-MM-DD`, '' when blank, or null when it is not a real date. */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const run = /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  return parseDateVi(run ? `${run[1]}/${run[2]}/${run[3]}` : trimmed);
}

/** What a date field shows for a stored date. */
export function dateInputText(iso: string | null | undefined): string {
  return iso ? formatDateVi(iso) : '';
}
