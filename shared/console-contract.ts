/**
 * The one contract between the console (renderer) and whatever hosts the engine. Each row is
 * a ConsoleApi method: its IPC channel (Electron), its HTTP verb (headless host, route
 * `/api/<method>`), and the types of what it takes and gives. The IPC registration, the
 * preload bridge, the HTTP host's routes and the renderer's HTTP client are each a loop over
 * this table; the engine validates inputs with `consoleInputSchemas`
 * (electron/engine/console/console-service.ts).
 *
 * Adding a method: one row here, its handler in the console service (and, when it takes an
 * input, its schema in shared/console-schemas.ts).
 *
 * No zod here: the preload and the renderer import this file, and neither needs it.
 */
import type {
  ConfirmDeactivationInput,
  ConnectionTestInput,
  PauseInput,
  ReleaseLockInput,
  ResumeInput,
  RunRequest,
  RunsPageInput,
  SaveSettingsInput,
} from './console-schemas';
import type { ConnectionTestResult, SettingsOutcome, SettingsView } from './desktop-settings';
import type { AuditEntrySummary, EngineEvent, EngineStatus, LockStatus, LogEntry, ReleaseLockOutcome, RunReport, RunSummary } from './engine-types';

export type HttpVerb = 'GET' | 'POST';

/** One method's wire description; `Input` and `Output` exist only for the type checker. */
export interface ConsoleMethodSpec<Input, Output> {
  readonly channel: string;
  readonly verb: HttpVerb;
  /** phantom: never set at run time */
  readonly types?: { input: Input; output: Output };
}

/** A read: no input, HTTP GET. */
const read = <Output>(channel: string): ConsoleMethodSpec<void, Output> => ({ channel, verb: 'GET' });
/** An action: HTTP POST with a JSON body (`{}` when it takes no input). */
const action = <Input, Output>(channel: string): ConsoleMethodSpec<Input, Output> => ({ channel, verb: 'POST' });

export const consoleContract = {
  getStatus: read<EngineStatus>('console:get-status'),
  getLock: read<LockStatus>('console:get-lock'),
  /** the engine's latest log lines, oldest first (the live ones follow as `log` events) */
  getRecentLog: read<LogEntry[]>('console:get-recent-log'),
  /** the newest audit rows (forced releases and refused ones, pauses, resumes), newest first */
  getAudit: read<AuditEntrySummary[]>('console:get-audit'),
  /** older runs than the status carries (the timeline's history), newest first; a read, but it takes an input, so a POST */
  getRuns: action<RunsPageInput, RunSummary[]>('console:get-runs'),
  runSync: action<RunRequest, RunReport>('console:run-sync'),
  reconcile: action<void, RunReport>('console:reconcile'),
  /** a reconciliation confirmed by an operator (audited): the orders Odoo no longer lists are deactivated however many they are */
  confirmDeactivation: action<ConfirmDeactivationInput, RunReport>('console:confirm-deactivation'),
  pause: action<PauseInput, void>('console:pause'),
  resume: action<ResumeInput, void>('console:resume'),
  releaseLock: action<ReleaseLockInput, ReleaseLockOutcome>('console:release-lock'),
} as const;

/**
 * Desktop-only methods: answered by the Electron main process (the settings file in the user-data
 * folder, secrets in safeStorage), over IPC only. The headless host's routes loop over
 * `consoleContract` alone, so it never exposes these (test/unit/desktop/desktop-contract.test.ts).
 */
export const desktopContract = {
  getSettings: read<SettingsView>('desktop:get-settings'),
  /** validated as the CLI validates the environment; applying restarts the engine (after a running sync) */
  saveSettings: action<SaveSettingsInput, SettingsOutcome>('desktop:save-settings'),
  testConnection: action<ConnectionTestInput, ConnectionTestResult>('desktop:test-connection'),
} as const;

export type DesktopMethod = keyof typeof desktopContract;
export const desktopMethods = Object.keys(desktopContract) as DesktopMethod[];
export type DesktopCalls = {
  [M in DesktopMethod]: (typeof desktopContract)[M] extends ConsoleMethodSpec<infer I, infer O>
    ? [I] extends [void]
      ? () => Promise<O>
      : (input: I) => Promise<O>
    : never;
};

/** Engine events flow the other way: one IPC channel, one Server-Sent Events stream. */
export const consoleEvents = { channel: 'console:event', path: '/api/events' } as const;

export type ConsoleMethod = keyof typeof consoleContract;
export type ConsoleInput<M extends ConsoleMethod> = (typeof consoleContract)[M] extends ConsoleMethodSpec<infer I, unknown> ? I : never;
export type ConsoleOutput<M extends ConsoleMethod> = (typeof consoleContract)[M] extends ConsoleMethodSpec<unknown, infer O> ? O : never;

/** The HTTP route of a method on the headless host. */
export const consoleRoute = (method: ConsoleMethod): string => `/api/${method}`;

/** The methods as a caller sees them: a method without input takes no argument. */
export type ConsoleCalls = {
  [M in ConsoleMethod]: [ConsoleInput<M>] extends [void] ? () => Promise<ConsoleOutput<M>> : (input: ConsoleInput<M>) => Promise<ConsoleOutput<M>>;
};

export interface ConsoleApi extends ConsoleCalls {
  /** returns an unsubscribe function */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** The table's method names, typed (Object.keys loses the key type). */
export const consoleMethods = Object.keys(consoleContract) as ConsoleMethod[];
