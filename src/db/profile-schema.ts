// The local profile's schema: a volunteer's name and villages, as typed on the set-up screen.
import { z } from 'zod';
import { areaId } from '../domain/records.ts';

export const localProfileSchema = z.object({
  volunteerName: z.string().trim().min(1).max(100),
  villages: z.array(z.object({ id: areaId, name: z.string().trim().min(1).max(100) })).min(1),
  villageId: areaId,
  lockMinutes: z.number().int().min(1).max(30).optional(),
});
