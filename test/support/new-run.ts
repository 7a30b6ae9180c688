/** A run record as the engine inserts it when a run starts, for tests that write runs themselves. */
import type { NewRun } from '../../electron/engine/store';

export function newRun(overrides: Partial<NewRun> & Pick<NewRun, 'startedAt'>): NewRun {
  return {
    trigger: 'scheduled',
    windowFrom: null,
    windowTo: overrides.startedAt,
    fullLoad: false,
    host: 'test-host',
    pid: 4242,
    fence: null,
    lockBackend: 'redis',
    degraded: false,
    demo: false,
    gapFrom: null,
    gapTo: null,
    status: 'running',
    ...overrides,
  };
}
