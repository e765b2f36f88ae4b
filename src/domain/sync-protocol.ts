// The push and pull messages of SYNC-API.md, versioned: both the phone and the server import these.
// The envelope is checked here; each mutation's `fields` is checked per entity by the receiver, so
// that one bad mutation is answered `rejected` without stopping the others in its batch.
import { z } from 'zod';
import { ENTITIES, uuid } from './records.ts';

export { BUILD_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from './protocol-version.ts';

export const MUTATION_OPS = ['upsert', 'delete'] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

/**
 * A JSON object, kept as parsed: the wire shape of `z.record(z.string(), z.unknown())`, which it
 * replaces because zod's record drops a `__proto__` key without a word. JSON.parse makes `"__proto__"`
 * an own key like any other; kept, it reaches the receiver's field check and is refused there as an
 * unknown field (`rejected` / `invalid`), as `constructor` or any other unknown name is. The object is
 * passed on as is, never copied key by key into a fresh `{}` (where assigning `__proto__` would set
 * the copy's prototype).
 */
const jsonObject = z.custom<Record<string, unknown>>().check((ctx) => {
  const v: unknown = ctx.value;
  const proto =
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.getPrototypeOf(v) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    ctx.issues.push({ code: 'invalid_type', expected: 'record', input: v });
  }
});

export const mutationSchema = z.object({
  id: uuid,
  entity: z.enum(ENTITIES),
  entityId: uuid,
  op: z.enum(MUTATION_OPS),
  /** The record's version the phone last saw from the server; 0 when it never saw one. */
  baseVersion: z.number().int().min(0),
  /** The fields this mutation sets: all required fields for a new record, any subset for an update. */
  fields: jsonObject,
  clientTime: z.iso.datetime({ offset: true }),
});
export type Mutation = z.infer<typeof mutationSchema>;

/** [P2] The push body: the phone's device id and 1 to 500 mutations. */
export const pushRequestSchema = z.object({
  deviceId: uuid,
  mutations: z.array(mutationSchema).min(1).max(500),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const REJECT_CODES = ['invalid', 'forbidden', 'not_found', 'deleted', 'invalid_reference'] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ id: uuid, status: z.literal('applied'), version: z.number().int() }),
  z.object({
    id: uuid,
    status: z.literal('conflict'),
    version: z.number().int(),
    applied: z.array(z.string()),
    conflicts: z.array(z.object({ field: z.string(), server: z.unknown(), client: z.unknown() })),
  }),
  z.object({
    id: uuid,
    status: z.literal('rejected'),
    error: z.object({ code: z.enum(REJECT_CODES), message: z.string() }),
  }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

// `revoke` (SYNC-API.md [D9]): the phone is asked to hand in its edits and wipe itself.
export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  revoke: z.boolean().optional(),
});

export const changeSchema = z.object({
  entity: z.enum(ENTITIES),
  entityId: uuid,
  version: z.number().int(),
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  revoke: z.boolean().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
