// The wire of a household list's import (SYNC-API.md "Importing household lists", [M40]–[M49]): what the
// browser and the CLI send once checkImport (check.ts) has read the file, and what the server answers.
// The households are checkImport's own output; the server judges every value again by the records'
// rules (FIELDS), since what reaches it is not necessarily what the screen checked.
import { z } from 'zod';
import { areaId, householdFields, personFields, uuid } from '../records.ts';

/** [M41] Households per request: the browser sends a list in batches of at most this many. */
export const IMPORT_BATCH_MAX = 500;

/** What the server does with a household or a person of the file ([M44]). */
export const IMPORT_ACTIONS = ['create', 'update', 'unchanged'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

// A spreadsheet's row number (1-based); Excel has 1,048,576 rows.
const rowNumber = z.number().int().min(1).max(1_048_576);

/**
 * A household's fields but its village (the request names it once), and a person's but the household
 * (the server finds or makes it) and the card's date (no list carries it). Strict: a field the import
 * does not know is refused, as a push refuses one ([R13]), rather than dropped without a word.
 */
export const importHouseholdFieldsSchema = householdFields.omit({ villageId: true }).strict();
export const importPersonFieldsSchema = personFields.omit({ householdId: true, cccdIssuedOn: true }).strict();

export const importHouseholdSchema = z.object({
  /** check.ts's key, only echoed back: the server matches by the household's values ([M43]). */
  key: z.string().max(1000),
  rows: z.array(rowNumber).max(1000),
  fields: importHouseholdFieldsSchema,
  /** The head first (check.ts), then the others. */
  members: z
    .array(z.object({ row: rowNumber, fields: importPersonFieldsSchema }))
    .min(1)
    .max(1000),
});
export type ImportHouseholdInput = z.infer<typeof importHouseholdSchema>;

const households = z.array(importHouseholdSchema).min(1).max(IMPORT_BATCH_MAX);

/** [M41] `POST /api/manage/import/check`. */
export const importCheckRequestSchema = z.object({ villageId: areaId, households });
export type ImportCheckRequest = z.infer<typeof importCheckRequestSchema>;

/** [M41] `POST /api/manage/import/apply`: `importId` is one per import run, made by the client. */
export const importApplyRequestSchema = z.object({ villageId: areaId, importId: uuid, households });
export type ImportApplyRequest = z.infer<typeof importApplyRequestSchema>;

/** A row the server will not write, and why, in Vietnamese ([M45]). */
export const importServerProblemSchema = z.object({
  row: z.number().int(),
  /** The import field (`idNumber`, `fullName` …), or null for the row as a whole. */
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportServerProblem = z.infer<typeof importServerProblemSchema>;

const action = z.enum(IMPORT_ACTIONS);

export const importCheckResponseSchema = z.object({
  households: z.array(
    z.object({
      key: z.string(),
      action,
      householdId: z.string().nullable(),
      /** The household's census fields an update would change; empty for a create. */
      changed: z.array(z.string()),
      members: z.array(
        z.object({
          row: z.number().int(),
          action,
          personId: z.string().nullable(),
          changed: z.array(z.string()),
        }),
      ),
      problems: z.array(importServerProblemSchema),
    }),
  ),
});
export type ImportCheckResponse = z.infer<typeof importCheckResponseSchema>;

const tally = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const importCountsSchema = z.object({
  households: tally,
  persons: tally,
  skippedRows: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

export const importApplyResponseSchema = z.object({
  households: z.array(
    z.object({
      key: z.string(),
      action,
      householdId: z.string().nullable(),
      members: z.array(z.object({ row: z.number().int(), action, personId: z.string().nullable() })),
      problems: z.array(importServerProblemSchema),
    }),
  ),
  counts: importCountsSchema,
});
export type ImportApplyResponse = z.infer<typeof importApplyResponseSchema>;
