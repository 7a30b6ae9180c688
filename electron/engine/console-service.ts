/**
 * The engine side of ConsoleApi: validates what crosses the process boundary (IPC or HTTP)
 * and calls the engine. Both doors (Electron IPC, headless HTTP) use this one object, so
 * they cannot drift apart.
 */
import { z } from 'zod';
import { pauseSchema, releaseLockSchema, runRequestSchema, type ConsoleApi, type ReleaseLockOutcome } from '../../shared/console-api';
import type { EngineStatus, LockStatus, RunReport } from '../../shared/engine-types';
import type { Engine } from './engine';

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(`${what}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
}

/** ConsoleApi as the engine side receives it: inputs arrive untyped from IPC or HTTP and are validated here. */
export interface ConsoleHandlers extends Omit<ConsoleApi, 'runSync' | 'pause' | 'releaseLock'> {
  runSync(input: unknown): Promise<RunReport>;
  pause(input: unknown): Promise<void>;
  releaseLock(input: unknown): Promise<ReleaseLockOutcome>;
}

export function createConsoleService(engine: Engine, actor: string): ConsoleHandlers {
  return {
    getStatus: (): Promise<EngineStatus> => engine.status(),
    getLock: (): Promise<LockStatus> => engine.lockStatus(),
    getRecentLog: async () => engine.recentLog(),
    runSync: (request: unknown): Promise<RunReport> => engine.runSync(parse(runRequestSchema, request, 'run request')),
    reconcile: () => engine.reconcile(),
    pause: async (input: unknown) => engine.pause(actor, parse(pauseSchema, input, 'pause').reason),
    resume: () => engine.resume(actor),
    releaseLock: async (input: unknown): Promise<ReleaseLockOutcome> => {
      const request = parse(releaseLockSchema, input, 'lock release');
      const result = await engine.releaseLock('force' in request ? { force: true, actor, reason: request.reason } : { expectedToken: request.expectedToken, actor, reason: request.reason });
      return {
        released: result.released,
        previousOwner: result.previous?.owner ?? null,
        currentOwner: result.current?.owner ?? null,
        currentToken: result.current?.token ?? null,
        fence: result.fence,
      };
    },
    onEvent: (listener) => engine.on(listener),
  };
}
