// Figures as the review prints them, the Vietnamese way: 1.234 and 66,7 %.
import { percent } from '../../domain/review.ts';

const numberVi = new Intl.NumberFormat('vi-VN');
const oneDecimalVi = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number): string => numberVi.format(n);

/** `66,7%`: `part` as a share of `whole`, 0 when there is nothing to count. */
export const formatShare = (part: number, whole: number): string =>
  `${oneDecimalVi.format(percent(part, whole))}%`;

export const formatPercent = (value: number): string => `${oneDecimalVi.format(value)}%`;

/** `12,3 MB`: a download's size so far. */
export const formatMegabytes = (bytes: number): string => `${oneDecimalVi.format(bytes / 1_048_576)} MB`;
