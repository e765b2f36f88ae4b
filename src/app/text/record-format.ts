// How a record's values read on a screen, the same on the volunteer's phone and in the police review:
// ID numbers in the groups printed on the card, addresses without the village the screen already
// names, phone numbers as something a phone can dial.
import { fold } from '../../domain/fold.ts';

/** 12 digits in the groups printed on the card (province, gender/century + year, serial). */
export function groupIdNumber(id: string): string {
  return id.length === 12 ? `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}` : id;
}

/**
 * An ID number as lists and police views show it by default (issue 16): its last four digits, in the
 * card's groups (`••• ••• ••2345`). `end` may be the whole number or its last digits.
 */
export function maskIdNumber(end: string): string {
  return `••• ••• ••${end.slice(-4)}`;
}

/**
 * The address without a trailing ", <village>" when the screen names the village already
 * ("Số 12, ngõ 3, Thôn Đông" in Thôn Đông → "Số 12, ngõ 3"). Compared tone- and case-blind, since
 * addresses are typed by hand; an address that is only the village stays whole.
 */
export function addressInVillage(address: string, villageName: string | undefined): string {
  if (!villageName) return address;
  const parts = address.split(',');
  if (parts.length < 2) return address;
  const last = parts[parts.length - 1]!;
  if (fold(last) !== fold(villageName)) return address;
  return parts.slice(0, -1).join(',').trim();
}

/** The `tel:` address of a phone number as typed ("0912 345 678" → "tel:0912345678"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
