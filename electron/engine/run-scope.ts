/**
 * The run a database or Odoo call belongs to, known without threading it through every store
 * and reader function (AsyncLocalStorage): the sync runner does a run's work inside
 * `withRunScope`, and
 * - the PostgreSQL backend cancels the statement in flight when the run is aborted (stop grace,
 *   lost lock, no progress) and gives statements started after that only a short budget;
 * - every answer, from the database or from Odoo, is the run's progress, which keeps its lock
 *   renewed (`LockHandle.progress`).
 * Calls outside a run (the console's status, the CLI's reads) have no scope and are unaffected.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RunScope {
  /** the run's abort signal, once it has one */
  readonly signal: AbortSignal | undefined;
  /** an answer arrived (or a call failed: an answer too, the run is not stuck) */
  answered(): void;
}

const storage = new AsyncLocalStorage<RunScope>();

export function withRunScope<T>(scope: RunScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

export function currentRunScope(): RunScope | undefined {
  return storage.getStore();
}

/** `client`, whose every call that returns a promise reports its settling as progress of the run that made it. */
export function answersAsProgress<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        const scope = currentRunScope();
        if (!scope || !(result instanceof Promise)) return result;
        return result.finally(() => scope.answered());
      };
    },
  });
}
