// Campaigns (rà soát, issue 17) on the wire, SYNC-API.md [C1]–[C7], as zod schemas shared by the
// server (it checks the bodies it reads) and the app (it checks the answers it gets). Who a campaign
// targets is campaign-rules.ts's business; this file only says what a rule, a campaign and its
// progress look like.
import { z } from 'zod';
import type { CampaignRule } from './campaign-rules.ts';
import { TASK_KINDS } from './enums.ts';
import { areaId, isoDate, uuid } from './records.ts';
import { lineText } from './text.ts';

/** [C1] The most villages one campaign may cover: a commune has far fewer; bounds the body's work. */
export const MAX_CAMPAIGN_VILLAGES = 500;

const noRepeats = (values: readonly string[]) => new Set(values).size === values.length;

// [C2] Strict objects: an option this server does not know would change whom the campaign targets,
// so it is refused rather than silently dropped.
export const campaignRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card_at_14'), turningFrom: isoDate.nullable().optional() }),
  z.strictObject({ kind: z.literal('card_renewal') }),
  z.strictObject({
    kind: z.literal('vneid_level2'),
    elderlyOnly: z.boolean().optional(),
    withPhoneOnly: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('not_visited_since'), since: isoDate }),
  z.strictObject({
    kind: z.literal('open_tasks'),
    taskKinds: z.array(z.enum(TASK_KINDS)).min(1).refine(noRepeats, { message: 'invalid_value' }).readonly(),
  }),
  // What it reads is what campaign-rules.ts judges, as it is: a drift of the two fails to compile.
]) satisfies z.ZodType<CampaignRule>;

/** [C3] The body of `POST /api/campaigns`. */
export const newCampaignSchema = z
  .object({
    id: uuid,
    communeId: areaId,
    name: lineText({ min: 1, max: 120 }),
    villageIds: z
      .array(areaId)
      .min(1)
      .max(MAX_CAMPAIGN_VILLAGES)
      .refine(noRepeats, { message: 'invalid_value' }),
    startsOn: isoDate,
    dueOn: isoDate,
    rule: campaignRuleSchema,
    targetPercent: z.number().int().min(1).max(100).nullable().optional(),
  })
  .refine((c) => c.startsOn <= c.dueOn, { path: ['dueOn'], message: 'invalid_value' });
export type NewCampaign = z.infer<typeof newCampaignSchema>;

export const CAMPAIGN_STATUSES = ['active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** [C1] A campaign as the server answers it. */
export const campaignSchema = z.object({
  id: z.string(),
  communeId: z.string(),
  name: z.string(),
  villageIds: z.array(z.string()),
  startsOn: z.string(),
  dueOn: z.string(),
  rule: campaignRuleSchema,
  targetPercent: z.number().int().nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  createdAt: z.string(),
  createdBy: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int().positive(),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** [C3], [C6] One campaign. */
export const campaignAnswerSchema = z.object({ campaign: campaignSchema });
export type CampaignAnswer = z.infer<typeof campaignAnswerSchema>;

/** [C4] A commune's (or a village's) campaigns; [C5] the caller's active ones, villages narrowed. */
export const campaignsAnswerSchema = z.object({ campaigns: z.array(campaignSchema) });
export type CampaignsAnswer = z.infer<typeof campaignsAnswerSchema>;

const count = z.number().int().nonnegative();

/** [C7] `items` = `done` + `pending`; `overdue` ⊆ `pending`; `outOfReach` counted apart. */
export const progressCountsSchema = z.object({
  items: count,
  done: count,
  pending: count,
  overdue: count,
  outOfReach: count,
});
export type ProgressCounts = z.infer<typeof progressCountsSchema>;

/** [C7] `GET /api/campaigns/<id>/progress`: the total and one row per village, in the campaign's order. */
export const campaignProgressSchema = z.object({
  asOf: z.string(),
  campaignId: z.string(),
  dueOn: z.string(),
  total: progressCountsSchema,
  villages: z.array(progressCountsSchema.extend({ villageId: z.string() })),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;
