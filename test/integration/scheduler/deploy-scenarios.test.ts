/**
 * The old runbook's three deploy scenarios, as executable tests with a driven clock: two
 * engine instances on one PostgreSQL and one Redis, schedulers ticking minute by minute,
 * the simulator changing data all along. Each ends with `carteira` equal to the
 * simulator's truth, no gap, and never two runs writing at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../electron/engine/scheduler';
import type { Store } from '../../../electron/engine/store';
import { createSyncHarness, type EngineInstance, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

describe('deploy scenarios', () => {
  let h: SyncHarness;
  let writers = 0;
  let maxWriters = 0;

  beforeEach(async () => {
    // No order deletions here: only reconciliation can see those (tested elsewhere); the
    // point is what the windows alone catch across a deploy.
    h = await createSyncHarness({ backend: 'postgres', orders: 40, start: '2026-06-01T12:05:00Z', changeWeights: { delete_order: 0 } });
    writers = 0;
    maxWriters = 0;
  });
  afterEach(async () => {
    await h?.close();
  });

  /** Counts how many batches are being written at the same moment, across instances. */
  function watchWriters(store: Store): void {
    const apply = store.applyOrders.bind(store);
    store.applyOrders = async (...args) => {
      writers++;
      maxWriters = Math.max(maxWriters, writers);
      try {
        return await apply(...args);
      } finally {
        writers--;
      }
    };
  }

  function scheduler({ engine, store }: EngineInstance): Scheduler {
    watchWriters(store);
    return new Scheduler(engine, { intervalMinutes: 30, minIntervalMinutes: 5, reconcileHourUtc: null, clock: h.clock, logger: engine.logger });
  }

  /** Minute ticks until `untilIso`, a few changes every 5 minutes. */
  async function live(schedulers: Scheduler[], untilIso: string): Promise<void> {
    const until = Date.parse(untilIso);
    while (h.clock.now().getTime() < until) {
      h.clock.advance(MINUTE);
      if (h.clock.now().getUTCMinutes() % 5 === 0) h.sim.changes.tick(3);
      await Promise.all(schedulers.map((s) => s.tick()));
      await Promise.all(schedulers.map((s) => s.idle()));
    }
  }

  /** A last sync of what changed since the last slot, then the table must equal Odoo. */
  async function expectConsistent(): Promise<void> {
    h.clock.advance(MINUTE);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).exitCode).toBe(0);
    expect(await h.check()).toEqual([]);
    const status = await h.engine.status();
    expect(status.coverage.gaps).toEqual([]);
    expect(maxWriters).toBe(1);
    const runs = await h.store.listRuns({ limit: 1000 });
    expect(runs.filter((run) => run.status === 'failed' || run.status === 'aborted')).toEqual([]);
  }

  it('normal deploy: stop, start 5 minutes later, nothing lost', async () => {
    const blue = scheduler(h);
    await blue.start({ timer: false });
    await live([blue], '2026-06-01T13:10:00Z');
    await blue.stop();

    h.clock.advance(5 * MINUTE);
    h.sim.changes.tick(5);
    const green = scheduler(await h.openAnotherEngine());
    await green.start({ timer: false });
    await live([green], '2026-06-01T14:05:00Z');
    await green.stop();
    await expectConsistent();
  });

  it('a deploy longer than the overlap (2 hours down): the first run catches the whole stretch up', async () => {
    const blue = scheduler(h);
    await blue.start({ timer: false });
    await live([blue], '2026-06-01T13:05:00Z');
    await blue.stop();
    const watermark = (await h.store.getSyncState()).watermark!;

    for (let i = 0; i < 24; i++) {
      h.clock.advance(5 * MINUTE);
      h.sim.changes.tick(3);
    }
    const green = scheduler(await h.openAnotherEngine());
    await green.start({ timer: false });
    await green.idle();
    const catchUp = (await h.store.listRuns({ limit: 1 }))[0];
    expect(catchUp).toMatchObject({ trigger: 'catch-up', status: 'succeeded', gapFrom: null });
    expect(catchUp.windowFrom!.getTime()).toBeLessThanOrEqual(watermark.getTime() - 10 * MINUTE);
    expect(await h.check()).toEqual([]);
    await live([green], '2026-06-01T15:45:00Z');
    await green.stop();
    await expectConsistent();
  });

  it('blue-green: two instances live at once for two hours, one run per slot, never two writers', async () => {
    const blue = scheduler(h);
    const green = scheduler(await h.openAnotherEngine());
    await blue.start({ timer: false });
    await blue.idle();
    await green.start({ timer: false });
    await live([blue, green], '2026-06-01T14:05:00Z');
    await blue.stop();
    await green.stop();
    const succeeded = (await h.store.listRuns({ limit: 1000 })).filter((run) => run.status === 'succeeded');
    const slots = succeeded.map((run) => Math.floor(run.startedAt.getTime() / (30 * MINUTE)));
    expect(slots).toHaveLength(5); // the first load, then the 12:30 … 14:00 slots
    expect(new Set(slots).size).toBe(slots.length);
    await expectConsistent();
  });
});
