/**
 * What the console may send to the engine, as zod schemas; the engine validates every input
 * that crosses the process boundary (IPC or HTTP) with them. The input types derive from the
 * schemas, so the renderer imports them as types only and its bundle carries no zod.
 */
import { z } from 'zod';
import { operatorTextProblem } from './operator-text-rule';
import { NOTIFICATION_KINDS, SETTING_NAMES, TESTABLE_SECTIONS, type SettingName } from './desktop-settings';

/** What to sync: as a scheduled run would, the last N minutes, or an explicit stretch. */
export const runRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('planned'), trigger: z.enum(['scheduled', 'catch-up', 'manual']) }),
  z.object({
    kind: z.literal('window'),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 365),
  }),
  z.object({ kind: z.literal('range'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
]);

/** Text an operator types that lands in the audit table and the logs: the one rule of shared/operator-text-rule.ts, after trimming. */
const operatorText = z
  .string()
  .trim()
  .superRefine((text, context) => {
    const problem = operatorTextProblem(text);
    // an empty text is the caller's `min(1)` (or `default`) to word
    if (problem && text !== '') context.addIssue({ code: 'custom', message: problem });
  });

export const pauseSchema = z.object({ reason: operatorText.min(1, 'a reason is required') });
/** A reconciliation that deactivates what Odoo no longer lists however many they are: the operator says why (audited). */
export const confirmDeactivationSchema = z.object({ reason: operatorText.min(1, 'a reason is required') });
/** Resuming is audited with its reason, like pausing. */
export const resumeSchema = z.object({ reason: operatorText.min(1, 'a reason is required') });

export const releaseLockSchema = z.union(
  [
    // the exact value the operator was shown, whoever wrote it (the old job's timestamp, garbage): its SHA-1
    z.object({
      expectedValueSha1: z.string().regex(/^[0-9a-f]{40}$/, 'the SHA-1 (40 hex digits) of the value shown'),
      reason: operatorText.min(1, 'a reason is required'),
    }),
    z.object({
      expectedToken: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex-digit token'),
      reason: operatorText.default('released by token'),
    }),
    z.object({ force: z.literal(true), reason: operatorText.min(1, 'a reason is required') }),
  ],
  // neither shape recognised (e.g. `{}`): say what is expected
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'give {"expectedValueSha1": "<40 hex digits>", "reason": "…"}, {"expectedToken": "<32 hex digits>"} or {"force": true, "reason": "…"}'
        : undefined,
  },
);

/** A page of older runs: those started before the run `before` (its start and id), newest first. */
export const runsPageSchema = z.object({
  before: z.object({ startedAt: z.iso.datetime({ offset: true }), id: z.number().int().min(0) }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export type RunsPageInput = z.input<typeof runsPageSchema>;
export type RunRequest = z.infer<typeof runRequestSchema>;
export type PauseInput = z.infer<typeof pauseSchema>;
export type ConfirmDeactivationInput = z.infer<typeof confirmDeactivationSchema>;
export type ResumeInput = z.infer<typeof resumeSchema>;
export type ReleaseLockInput = z.infer<typeof releaseLockSchema>;

// --- desktop-only (settings; shared/desktop-settings.ts) --------------------------------------
const settingValues = z.partialRecord(z.enum(SETTING_NAMES as [SettingName, ...SettingName[]]), z.string().max(2000).nullable());

/** Save (and optionally apply) settings: a value `null` or '' clears it; a secret left out keeps its saved value. */
export const saveSettingsSchema = z.strictObject({
  values: settingValues,
  mutedNotifications: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).optional(),
  acceptPlainKeyring: z.boolean().optional(),
  apply: z.boolean(),
});
export type SaveSettingsInput = z.infer<typeof saveSettingsSchema>;

/** "Testar conexão" of one section, with the values on the screen (secrets left out: the saved ones). */
export const connectionTestSchema = z.strictObject({ section: z.enum(TESTABLE_SECTIONS), values: settingValues });
export type ConnectionTestInput = z.infer<typeof connectionTestSchema>;
