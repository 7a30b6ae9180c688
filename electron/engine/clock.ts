/**
 * Time is injected everywhere logic depends on it, so the scheduler and the sync can be
 * driven through simulated days in tests. Nothing below `electron/engine` calls
 * `Date.now()` directly except `systemClock`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests, benchmarks and the simulator's change generator. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(time: Date | string): void {
    this.current = new Date(time).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}
