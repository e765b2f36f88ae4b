// The answers of /api/manage (SYNC-API.md "Managing a commune", [D7]–[D11]) as the app reads them:
// checked with zod like every answer from the server (src/sync/manage-api.ts).
import { z } from 'zod';
import { ROLES } from './users.ts';

const area = z.object({
  id: z.string(),
  kind: z.enum(['province', 'commune', 'village']),
  name: z.string(),
  parentId: z.string().nullable(),
  /** A commune's lock time in minutes ([M26]), where an admin set one. */
  lockMinutes: z.number().int().optional(),
});

export const managedVillageSchema = area.extend({ archived: z.boolean() });
export type ManagedVillage = z.infer<typeof managedVillageSchema>;

export const manageScopeSchema = z.object({
  communes: z.array(area),
  villages: z.array(managedVillageSchema),
});
export type ManageScope = z.infer<typeof manageScopeSchema>;

export const managedVolunteerSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.enum(ROLES),
  areaIds: z.array(z.string()),
  active: z.boolean(),
  communeId: z.string().nullable(),
});
export type ManagedVolunteer = z.infer<typeof managedVolunteerSchema>;

export const DEVICE_STATES = ['active', 'revoking', 'revoked'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const managedDeviceSchema = z.object({
  deviceId: z.string(),
  userId: z.string(),
  userName: z.string(),
  areaIds: z.array(z.string()),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  build: z.number().nullable(),
  pending: z.number().nullable(),
  storageBytes: z.number().nullable(),
  reportedAt: z.string().nullable(),
  quiet: z.boolean(),
  state: z.enum(DEVICE_STATES),
  revokeRequestedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ManagedDevice = z.infer<typeof managedDeviceSchema>;

export const MANAGE_ACTIONS = [
  'village.create',
  'village.rename',
  'village.archive',
  'village.unarchive',
  'volunteer.create',
  'volunteer.update',
  'volunteer.password',
  'volunteer.deactivate',
  'volunteer.reactivate',
  'setup_code.create',
  'setup_code.use',
  'device.revoke',
  'device.revoked',
  'import.apply',
  'person.reveal_id',
  'persons.export_full_ids',
  'commune.lock',
  'campaign.create',
  'campaign.close',
  'target.set',
] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

export const manageAuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  deviceId: z.string(),
  communeId: z.string().nullable(),
  // An action of a newer server is still listed, under its own name.
  action: z.string(),
  targetUserId: z.string().nullable(),
  targetUserName: z.string().nullable(),
  targetAreaId: z.string().nullable(),
  targetDeviceId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type ManageAuditEntry = z.infer<typeof manageAuditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(manageAuditEntrySchema),
  next: z.number().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const setupCodeSchema = z.object({
  code: z.string(),
  display: z.string(),
  expiresAt: z.string(),
  volunteer: z.object({ id: z.string(), name: z.string() }),
});
export type SetupCode = z.infer<typeof setupCodeSchema>;
