/**
 * Two scheduler services in two real processes, sharing PostgreSQL, Redis and Odoo, driven
 * through 50 schedule slots: each slot is run exactly once, whichever process fires first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'scheduler-process.ts');
const MINUTE = 60_000;
const SLOTS = 50;

interface Child {
  process: ChildProcess;
  next(type: string): Promise<void>;
}

function spawnScheduler(env: Record<string, string>): Child {
  const child = fork(FIXTURE, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const waiting: Array<{ type: string; resolve: () => void; reject: (error: Error) => void }> = [];
  child.on('message', (message: { type: string }) => {
    const index = waiting.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiting.splice(index, 1)[0].resolve();
  });
  child.on('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`scheduler process exited (${code}) while waiting for ${waiter.type}`));
  });
  return {
    process: child,
    next: (type) => new Promise<void>((resolve, reject) => waiting.push({ type, resolve, reject })),
  };
}

describe('two scheduler processes', () => {
  let h: SyncHarness;
  const children: Child[] = [];
  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 30, start: '2026-06-01T12:05:00Z' });
  });
  afterEach(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    await h?.close();
  });

  it(`run each of ${SLOTS} slots exactly once`, async () => {
    const env = { ...h.env, START_AT: h.clock.now().toISOString() };
    const a = spawnScheduler(env);
    children.push(a);
    await a.next('ready'); // the first load, by a
    const b = spawnScheduler(env);
    children.push(b);
    await b.next('ready');

    const firstSlot = Date.parse('2026-06-01T12:30:00Z');
    for (let slot = 0; slot < SLOTS; slot++) {
      const at = firstSlot + slot * 30 * MINUTE;
      h.clock.set(new Date(at));
      h.sim.changes.tick(2);
      // both timers fire within the same second, in either order
      const ticked = [a.next('ticked'), b.next('ticked')];
      a.process.send({ type: 'tick', at: new Date(at + (slot % 2) * 400).toISOString() });
      b.process.send({ type: 'tick', at: new Date(at + ((slot + 1) % 2) * 400).toISOString() });
      await Promise.all(ticked);
    }
    const stopped = [a.next('stopped'), b.next('stopped')];
    a.process.send({ type: 'stop' });
    b.process.send({ type: 'stop' });
    await Promise.all(stopped);

    const runs = await h.store.listRuns({ limit: 10_000 });
    // Ticks 30 minutes apart look like a wake from sleep, so a slot may run as a catch-up.
    const scheduled = runs.filter((run) => (run.trigger === 'scheduled' || run.trigger === 'catch-up') && run.startedAt.getTime() >= firstSlot);
    const succeededPerSlot = new Map<number, number>();
    for (const run of scheduled.filter((r) => r.status === 'succeeded')) {
      const slot = Math.floor(run.startedAt.getTime() / (30 * MINUTE));
      succeededPerSlot.set(slot, (succeededPerSlot.get(slot) ?? 0) + 1);
    }
    expect(succeededPerSlot.size).toBe(SLOTS);
    expect([...succeededPerSlot.values()].every((count) => count === 1)).toBe(true);
    expect(scheduled.filter((run) => run.status === 'skipped')).toHaveLength(SLOTS);
    expect(runs.filter((run) => run.status === 'failed' || run.status === 'aborted')).toEqual([]);
    expect(new Set(scheduled.filter((r) => r.status === 'succeeded').map((run) => run.pid)).size).toBe(2); // both did real work
    await h.engine.reconcile();
    expect(await h.check()).toEqual([]);
  });
});
