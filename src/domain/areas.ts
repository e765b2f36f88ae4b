// An area as SYNC-API.md [A16] gives it: a commune (xã, phường) or a village under it ([A1]; no
// provinces yet, "Known gaps").
import { z } from 'zod';

export const areaSchema = z.object({
  id: z.string(),
  kind: z.enum(['commune', 'village']),
  name: z.string(),
  parentId: z.string().nullable().optional(),
  /** A commune's lock time in minutes ([M26]), where an admin set one; absent: 5. */
  lockMinutes: z.number().int().min(1).max(30).optional(),
});
export type Area = z.infer<typeof areaSchema>;
