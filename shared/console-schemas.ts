/**
 * What the console may send to the engine, as zod schemas; the engine validates every input
 * that crosses the process boundary (IPC or HTTP) with them. The input types derive from the
 * schemas, so the renderer imports them as types only and its bundle carries no zod.
 */
import { z } from 'zod';

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

/** Text an operator types that lands in the audit table and the logs: one line, no control characters, at most 500 characters. */
const operatorText = z
  .string()
  .trim()
  .max(500, 'at most 500 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters (line breaks, NUL, escapes)');

export const pauseSchema = z.object({ reason: operatorText.min(1, 'a reason is required') });

export const releaseLockSchema = z.union(
  [
    z.object({
      expectedToken: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex-digit token'),
      reason: operatorText.default('released by token'),
    }),
    z.object({ force: z.literal(true), reason: operatorText.min(1, 'a reason is required') }),
  ],
  // neither shape recognised (e.g. `{}`): say what is expected
  { error: (issue) => (issue.code === 'invalid_union' ? 'give either {"expectedToken": "<32 hex digits>"} or {"force": true, "reason": "…"}' : undefined) },
);

export type RunRequest = z.infer<typeof runRequestSchema>;
export type PauseInput = z.infer<typeof pauseSchema>;
export type ReleaseLockInput = z.infer<typeof releaseLockSchema>;
