/**
 * The scheduler driven through simulated hours against the real engine (PostgreSQL, Redis,
 * the simulator over HTTP): slots, pause, catch-up on start and on wake, the daily
 * reconcile, the min-interval guard between two instances, and a graceful stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../electron/engine/scheduler';
import type { Engine } from '../../../electron/engine/engine';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

function schedulerFor(h: SyncHarness, engine: Engine = h.engine, extra: Partial<ConstructorParameters<typeof Scheduler>[1]> = {}) {
  return new Scheduler(engine, { intervalMinutes: 30, minIntervalMinutes: 5, reconcileHourUtc: null, clock: h.clock, logger: engine.logger, ...extra });
}

async function runs(h: SyncHarness) {
  return (await h.store.listRuns({ limit: 1000 })).reverse();
}

describe('scheduler', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 30, start: '2026-06-01T12:05:00Z' });
  });
  afterEach(async () => {
    await h?.close();
  });

  async function tickAt(scheduler: Scheduler, iso: string) {
    h.clock.set(iso);
    await scheduler.tick();
    await scheduler.idle();
  }

  it('runs one minute after start, then once per UTC slot; pause stops it, resume restarts it', async () => {
    await h.engine.runSync({ kind: 'planned', trigger: 'manual' }); // 12:05, a fresh success
    h.clock.set('2026-06-01T12:15:00Z');
    const scheduler = schedulerFor(h);
    await scheduler.start({ timer: false }); // last success 10 minutes ago: no catch-up
    await scheduler.idle();
    expect(scheduler.describe().nextRunAt).toBe('2026-06-01T12:16:00.000Z');

    await tickAt(scheduler, '2026-06-01T12:16:00Z'); // first run one minute after start
    await tickAt(scheduler, '2026-06-01T12:17:00Z'); // same slot: nothing
    await tickAt(scheduler, '2026-06-01T12:30:00Z'); // new slot
    await tickAt(scheduler, '2026-06-01T12:31:00Z');
    expect((await runs(h)).map((run) => `${run.trigger}:${run.status}`)).toEqual(['manual:succeeded', 'scheduled:succeeded', 'scheduled:succeeded']);

    await h.engine.pause('test', 'maintenance window');
    await tickAt(scheduler, '2026-06-01T13:00:00Z');
    expect(await runs(h)).toHaveLength(3);
    expect((await h.engine.status()).paused).toMatchObject({ reason: 'maintenance window', by: 'test' });

    await h.engine.resume('test', 'fim da manutenção');
    await tickAt(scheduler, '2026-06-01T13:30:00Z');
    expect(await runs(h)).toHaveLength(4);
    expect(scheduler.describe().nextRunAt).toBe('2026-06-01T14:00:00.000Z');
    await scheduler.stop();
  });

  it('refuses a double fire within SYNC_MIN_INTERVAL_MINUTES, recording it as skipped', async () => {
    await h.engine.runSync({ kind: 'planned', trigger: 'manual' });
    h.clock.advance(2 * MINUTE);
    const report = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' }, { minIntervalMinutes: 5 });
    expect(report.exitCode).toBe(2);
    expect(report.run.status).toBe('skipped');
    expect(report.run.error).toMatch(/há menos de SYNC_MIN_INTERVAL_MINUTES \(5 min\)/);
    expect(report.run.problem).toBe('recent');
  });

  it('catches up on start when the last success is older than the interval, and on wake from sleep', async () => {
    const first = schedulerFor(h);
    await first.start({ timer: false });
    await first.idle();
    await first.stop();

    h.clock.advance(3 * 60 * MINUTE); // the service was down for 3 hours
    h.sim.changes.tick(5);
    const second = schedulerFor(h);
    await second.start({ timer: false });
    await second.idle();
    const afterStart = await runs(h);
    expect(afterStart.at(-1)).toMatchObject({ trigger: 'catch-up', status: 'succeeded' });

    await tickAt(second, new Date(h.clock.now().getTime() + MINUTE).toISOString());
    h.clock.advance(2 * 60 * MINUTE); // laptop lid closed: the next minute tick comes 2 hours late
    await second.tick();
    await second.idle();
    const afterWake = await runs(h);
    expect(afterWake.at(-1)).toMatchObject({ trigger: 'catch-up', status: 'succeeded' });
    expect(h.logs.some((log) => log.event === 'scheduler.wake')).toBe(true);
    await second.stop();
  });

  it('reconciles daily at the configured UTC hour', async () => {
    const scheduler = schedulerFor(h, h.engine, { reconcileHourUtc: 13 });
    await scheduler.start({ timer: false });
    await scheduler.idle();
    expect(scheduler.describe().nextReconcileAt).toBe('2026-06-01T13:00:00.000Z');
    await tickAt(scheduler, '2026-06-01T12:59:00Z');
    await tickAt(scheduler, '2026-06-01T13:00:00Z');
    expect((await runs(h)).at(-1)).toMatchObject({ trigger: 'reconcile', status: 'succeeded' });
    expect(scheduler.describe().nextReconcileAt).toBe('2026-06-02T13:00:00.000Z');
    await scheduler.stop();
  });

  it('two instances firing for the same slot run it once: the second is skipped', async () => {
    const other = await h.openAnotherEngine();
    const a = schedulerFor(h);
    const b = schedulerFor(h, other.engine);
    await a.start({ timer: false });
    await a.idle();
    await b.start({ timer: false });
    await b.idle();
    for (let slot = 1; slot <= 6; slot++) {
      const slotTime = new Date(Date.parse('2026-06-01T12:00:00Z') + slot * 30 * MINUTE);
      h.clock.set(new Date(slotTime.getTime() + 2_000));
      h.sim.changes.tick(2);
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.idle(), b.idle()]);
    }
    const all = await runs(h);
    const succeeded = all.filter((run) => run.status === 'succeeded');
    expect(succeeded).toHaveLength(7); // the initial catch-up + one per slot
    expect(all.filter((run) => run.status === 'skipped')).toHaveLength(6);
    expect(h.logs.filter((log) => log.msg === 'Sincronização já em execução - pulando').length).toBe(6);
    // one run per slot, and never two running at once
    const bySlot = new Map<number, number>();
    for (const run of succeeded)
      bySlot.set(Math.floor(run.startedAt.getTime() / (30 * MINUTE)), (bySlot.get(Math.floor(run.startedAt.getTime() / (30 * MINUTE))) ?? 0) + 1);
    expect([...bySlot.values()].every((count) => count === 1)).toBe(true);
    await a.stop();
    await b.stop();
  });

  /** A scheduler after its first run, with a slow run of its own under way (Odoo answers every page 400 ms late). */
  async function slowRunUnderWay(stopGraceMs: number) {
    const scheduler = schedulerFor(h, h.engine, { stopGraceMs });
    await scheduler.start({ timer: false });
    await scheduler.idle();
    h.sim.changes.tick(30);
    h.sim.faults.inject({ kind: 'latency', ms: 400, match: { method: 'search_read' }, times: 'always' });
    h.clock.advance(40 * MINUTE);
    const manual = scheduler.runNow({ kind: 'window', minutes: 24 * 60 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { scheduler, manual };
  }

  it('stops gracefully: no new runs, the current run aborts at a batch boundary, the lock is released', async () => {
    const { scheduler, manual } = await slowRunUnderWay(200);
    await scheduler.stop();
    const report = await manual;
    expect(report.run).toMatchObject({ status: 'aborted', error: 'scheduler stopping', problem: 'stopped' });
    expect((await h.engine.lockStatus()).held).toBe(false);
    await scheduler.tick();
    expect((await runs(h)).length).toBe(2);
  });

  it('stops ticking without cutting the current run short (what applying settings in the desktop app waits on)', async () => {
    const { scheduler, manual } = await slowRunUnderWay(0);
    await scheduler.stopTicking();
    expect(h.engine.isRunning).toBe(true);
    expect((await manual).run.status).toBe('succeeded');
    h.clock.advance(30 * MINUTE);
    await scheduler.tick();
    expect((await runs(h)).length).toBe(2);
  });
});
