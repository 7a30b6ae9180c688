/**
 * The one contract between the console (renderer) and whatever hosts the engine: the
 * Electron preload bridge (IPC) or the headless HTTP + SSE host. Inputs crossing the
 * boundary are validated with these zod schemas on the engine side.
 */
import { z } from 'zod';
import type { EngineEvent, EngineStatus, LockStatus, LogEntry, RunReport } from './engine-types';

export const runRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('planned'), trigger: z.enum(['scheduled', 'catch-up', 'manual']) }),
  z.object({ kind: z.literal('window'), minutes: z.number().int().min(1).max(60 * 24 * 365) }),
  z.object({ kind: z.literal('range'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
]);

export const pauseSchema = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500) });

export const releaseLockSchema = z.union([
  z.object({ expectedToken: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex-digit token'), reason: z.string().trim().max(500).default('released by token') }),
  z.object({ force: z.literal(true), reason: z.string().trim().min(1, 'a reason is required').max(500) }),
]);

export type PauseInput = z.infer<typeof pauseSchema>;
export type ReleaseLockInput = z.infer<typeof releaseLockSchema>;

export interface ReleaseLockOutcome {
  released: boolean;
  previousOwner: string | null;
  currentOwner: string | null;
  currentToken: string | null;
  fence: number | null;
}

export interface ConsoleApi {
  getStatus(): Promise<EngineStatus>;
  getLock(): Promise<LockStatus>;
  /** the engine's latest log lines, oldest first (the live ones follow as `log` events) */
  getRecentLog(): Promise<LogEntry[]>;
  runSync(request: z.infer<typeof runRequestSchema>): Promise<RunReport>;
  reconcile(): Promise<RunReport>;
  pause(input: PauseInput): Promise<void>;
  resume(): Promise<void>;
  releaseLock(input: ReleaseLockInput): Promise<ReleaseLockOutcome>;
  /** returns an unsubscribe function */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** IPC channel names (Electron) and HTTP routes (headless host) for each method. */
export const CONSOLE_CHANNELS = {
  getStatus: 'console:get-status',
  getLock: 'console:get-lock',
  getRecentLog: 'console:get-recent-log',
  runSync: 'console:run-sync',
  reconcile: 'console:reconcile',
  pause: 'console:pause',
  resume: 'console:resume',
  releaseLock: 'console:release-lock',
  event: 'console:event',
} as const;
