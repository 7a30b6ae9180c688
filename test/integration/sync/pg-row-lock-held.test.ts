/**
 * Issue 16.4 (a), as the world did it, with no fault at all: a reporting session opens a
 * transaction, `SELECT … FROM carteira WHERE … FOR UPDATE`, and is left idle. A run that must
 * update that row waited for ever while its lock kept being renewed, so every instance was
 * blocked, and a stop could not end it. Now it fails within PG_LOCK_TIMEOUT_SECONDS saying
 * what holds it and what to do, or, stopped, has its wait cancelled within the stop grace; it
 * releases the lock, leaves no `running` record, and moves no watermark.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../shared/engine-types';
import { Scheduler } from '../../../electron/engine/scheduler';
import { waitFor } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

describe('a reporting session holds a carteira row (FOR UPDATE, idle in transaction)', () => {
  let h: SyncHarness;
  let reporting: pg.Client;
  let admin: pg.Client;

  afterEach(async () => {
    await reporting?.query('ROLLBACK').catch(() => undefined);
    await reporting?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await h?.close();
  });

  /** A first load, then Odoo changes one order whose rows a reporting session locks and leaves idle. */
  async function rowHeldByReport(lockTimeoutSeconds: number) {
    h = await createSyncHarness({ backend: 'postgres', orders: 30, env: { PG_LOCK_TIMEOUT_SECONDS: String(lockTimeoutSeconds) } });
    reporting = new pg.Client({ connectionString: h.env.DATABASE_URL, application_name: 'relatorio-mensal' });
    admin = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await reporting.connect();
    await admin.connect();
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
    const stateBefore = await h.store.getSyncState();

    h.clock.advance(5 * MINUTE);
    const [line] = h.sim.orm.searchRead(
      'sale.order.line',
      [
        ['display_type', '=', false],
        ['product_id', '!=', false],
      ],
      { fields: ['order_id', 'product_uom_qty'], limit: 1 },
    );
    const orderId = (line.order_id as [number, string])[0];
    h.sim.orm.write('sale.order.line', line.id as number, { product_uom_qty: (line.product_uom_qty as number) + 7 });
    await reporting.query('BEGIN');
    const held = await reporting.query('SELECT num_pedido, cod_produto FROM carteira WHERE odoo_order_id = $1 FOR UPDATE', [orderId]);
    expect(held.rowCount).toBeGreaterThan(0);
    return { stateBefore };
  }

  /** Nothing left behind: the lock is free, no run is `running`, the watermark did not move; once the report lets go, nothing is lost. */
  async function leftClean(stateBefore: { watermark: Date | null }) {
    expect((await h.engine.lockStatus()).held).toBe(false);
    expect((await h.store.listRuns({ limit: 10 })).filter((r) => r.status === 'running')).toEqual([]);
    expect((await h.store.getSyncState()).watermark).toEqual(stateBefore.watermark);
    await reporting.query('ROLLBACK');
    h.clock.advance(MINUTE);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
    expect(await h.check()).toEqual([]);
  }

  it('the run fails within the lock timeout, clearly; the lock is released, no run stays running, the watermark stays', async () => {
    const LOCK_TIMEOUT_SECONDS = 2;
    const { stateBefore } = await rowHeldByReport(LOCK_TIMEOUT_SECONDS);
    const started = Date.now();
    const run = h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
    const outcome = await Promise.race([run, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 20_000))]);
    expect(outcome).not.toBe('still waiting'); // before: waited for ever, the lock renewed all along
    if (outcome === 'still waiting') return;
    expect(Date.now() - started).toBeLessThan(LOCK_TIMEOUT_SECONDS * 1000 + 8_000);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.run).toMatchObject({ status: 'failed', problem: 'failed' });
    // what, where, what to do — pt-BR first
    expect(outcome.run.error).toMatch(/^PostgreSQL/);
    expect(outcome.run.error).toMatch(/bloquead/i);
    expect(outcome.run.error).toContain('PG_LOCK_TIMEOUT_SECONDS');
    expect(outcome.run.error).toContain('relatorio-mensal'); // the session that holds the row, named
    expect(outcome.run.error).toMatch(/pg_terminate_backend/);
    await leftClean(stateBefore);
  });

  it('a stop while the run waits on the row cancels the wait within the grace; the run is recorded aborted', async () => {
    const { stateBefore } = await rowHeldByReport(300); // only the stop can end this wait
    const scheduler = new Scheduler(h.engine, {
      intervalMinutes: 30,
      minIntervalMinutes: 5,
      reconcileHourUtc: null,
      clock: h.clock,
      logger: h.engine.logger,
      stopGraceMs: 1_000,
    });
    const run: Promise<RunReport> = scheduler.runNow({ kind: 'planned', trigger: 'scheduled' });
    await waitFor(
      async () =>
        Number(
          (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))
            .rows[0].n,
        ) > 0,
      'the run to wait on the held row',
    );

    const stopping = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000 + 5_000); // before: for ever
    const report = await run;
    expect(report.run).toMatchObject({ status: 'aborted', problem: 'stopped' });
    expect(report.run.error).toMatch(/cancelad|scheduler stopping/);
    // the server stopped waiting too: no statement of ours is left on the row
    expect(
      Number(
        (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0]
          .n,
      ),
    ).toBe(0);
    await leftClean(stateBefore);
  });
});
