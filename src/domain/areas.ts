// An area as SYNC-API.md [A16] gives it: a province (tỉnh, thành phố), a commune (xã, phường) under
// it or alone, or a village under a commune ([A1]).
import { z } from 'zod';

export const areaSchema = z.object({
  id: z.string(),
  kind: z.enum(['province', 'commune', 'village']),
  name: z.string(),
  parentId: z.string().nullable().optional(),
  /** A commune's lock time in minutes ([M26]), where an admin set one; absent: 5. */
  lockMinutes: z.number().int().min(1).max(30).optional(),
});
export type Area = z.infer<typeof areaSchema>;
