/**
 * The engine side of the console contract: one handler per method of the table in
 * shared/console-contract.ts, and `dispatch`, which validates what arrives untyped from IPC or
 * HTTP with the method's schema before calling its handler. Both doors (Electron IPC, headless
 * HTTP) call `dispatch`, so they cannot drift apart.
 */
import type { z } from 'zod';
import type { ConsoleCalls, ConsoleInput, ConsoleMethod } from '../../../shared/console-contract';
import { confirmDeactivationSchema, pauseSchema, releaseLockSchema, resumeSchema, runRequestSchema, runsPageSchema } from '../../../shared/console-schemas';
import type { EngineEvent } from '../../../shared/engine-types';
import { classifyFailure, failureTargets } from '../classify-failure';
import type { Engine } from '../engine';
import { InputError, parseInput } from './input-error';

/** Methods that take an input, each with the schema its input must pass; the type checker
 *  insists on exactly one schema per such method, agreeing with the contract's input type. */
type MethodWithInput = { [M in ConsoleMethod]: [ConsoleInput<M>] extends [void] ? never : M }[ConsoleMethod];
const consoleInputSchemas: { [M in MethodWithInput]: z.ZodType<ConsoleInput<M>, unknown> } = {
  runSync: runRequestSchema,
  getRuns: runsPageSchema,
  pause: pauseSchema,
  confirmDeactivation: confirmDeactivationSchema,
  resume: resumeSchema,
  releaseLock: releaseLockSchema,
};

export interface ConsoleService {
  /** validates `input` (untyped, from the wire) for `method`, then runs it; `actor` (who asks, for the audit) overrides the door's default */
  dispatch(method: ConsoleMethod, input: unknown, actor?: string): Promise<unknown>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** The handlers, typed by the contract; `actor` names the door in the audit log. */
function consoleHandlers(engine: Engine, actor: string): ConsoleCalls {
  return {
    getStatus: () => engine.status(),
    getLock: () => engine.lockStatus(),
    getRecentLog: async () => engine.recentLog(),
    getAudit: () => engine.audit(),
    getRuns: (page) => engine.runs(page),
    runSync: (request) => engine.runSync(request, { actor }),
    reconcile: () => engine.reconcile({ actor }),
    confirmDeactivation: (input) => engine.reconcile({ actor, confirmDeactivation: { actor, reason: input.reason } }),
    pause: (input) => engine.pause(actor, input.reason),
    resume: (input) => engine.resume(actor, input.reason),
    releaseLock: async (request) => {
      const result = await engine.releaseLock(
        'force' in request
          ? { force: true, actor, reason: request.reason }
          : 'expectedValueSha1' in request
            ? { expectedValueSha1: request.expectedValueSha1, actor, reason: request.reason }
            : { expectedToken: request.expectedToken, actor, reason: request.reason },
      );
      return {
        released: result.released,
        previousOwner: result.previous?.owner ?? null,
        currentOwner: result.current?.owner ?? null,
        currentToken: result.current?.token ?? null,
        fence: result.fence,
        previousHolder: result.previous,
        currentHolder: result.current,
      };
    },
  };
}

/** Gives an engine error its cause (`failureCause`), when one is recognised; the caller's own mistakes keep none. */
function withFailureCause(error: unknown, engine: Engine): unknown {
  if (!(error instanceof Error) || error instanceof InputError) return error;
  const cause = classifyFailure(error, failureTargets(engine.config));
  if (cause.code !== 'unknown') Object.defineProperty(error, 'failureCause', { value: cause, enumerable: false, configurable: true });
  return error;
}

export function createConsoleService(engine: Engine, defaultActor: string): ConsoleService {
  const byDefault = consoleHandlers(engine, defaultActor);
  return {
    dispatch: async (method, input, actor) => {
      const handlers = actor ? consoleHandlers(engine, actor) : byDefault;
      if (!Object.hasOwn(handlers, method)) throw new InputError(`no such console method: ${String(method)}`);
      const schemas: Partial<Record<ConsoleMethod, z.ZodType>> = consoleInputSchemas;
      const schema = Object.hasOwn(schemas, method) ? schemas[method] : undefined;
      const handler = handlers[method] as (input?: unknown) => Promise<unknown>;
      const parsed = schema ? parseInput(schema, input, method) : undefined;
      try {
        return await (schema ? handler(parsed) : handler());
      } catch (error) {
        // the engine could not answer (PostgreSQL down, say): the doors tell the console why (issue 18.2)
        throw withFailureCause(error, engine);
      }
    },
    onEvent: (listener) => engine.on(listener),
  };
}
