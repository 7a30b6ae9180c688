/**
 * Issue 16.4 (a), as the world did it, with no fault at all: a reporting session opens a
 * transaction, `SELECT … FROM carteira WHERE … FOR UPDATE`, and is left idle. A run that must
 * update that row waited for ever while its lock kept being renewed, so every instance was
 * blocked. Now it fails within PG_LOCK_TIMEOUT_SECONDS saying what holds it and what to do,
 * releases the lock, leaves no `running` record, and moves no watermark.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
const LOCK_TIMEOUT_SECONDS = 2;

describe('a reporting session holds a carteira row (FOR UPDATE, idle in transaction)', () => {
  let h: SyncHarness;
  let reporting: pg.Client;

  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 30, env: { PG_LOCK_TIMEOUT_SECONDS: String(LOCK_TIMEOUT_SECONDS) } });
    reporting = new pg.Client({ connectionString: h.env.DATABASE_URL, application_name: 'relatorio-mensal' });
    await reporting.connect();
  });
  afterEach(async () => {
    await reporting?.query('ROLLBACK').catch(() => undefined);
    await reporting?.end().catch(() => undefined);
    await h?.close();
  });

  it('the run fails within the lock timeout, clearly; the lock is released, no run stays running, the watermark stays', async () => {
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
    const stateBefore = await h.store.getSyncState();

    // Odoo changes one order; a reporting session holds that order's rows and goes idle.
    h.clock.advance(5 * MINUTE);
    const [line] = h.sim.orm.searchRead(
      'sale.order.line',
      [
        ['display_type', '=', false],
        ['product_id', '!=', false],
      ],
      {
        fields: ['order_id', 'product_uom_qty'],
        limit: 1,
      },
    );
    const orderId = (line.order_id as [number, string])[0];
    h.sim.orm.write('sale.order.line', line.id as number, { product_uom_qty: (line.product_uom_qty as number) + 7 });
    await reporting.query('BEGIN');
    const held = await reporting.query('SELECT num_pedido, cod_produto FROM carteira WHERE odoo_order_id = $1 FOR UPDATE', [orderId]);
    expect(held.rowCount).toBeGreaterThan(0);

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

    expect((await h.engine.lockStatus()).held).toBe(false);
    expect((await h.store.listRuns({ limit: 10 })).filter((r) => r.status === 'running')).toEqual([]);
    const stateAfter = await h.store.getSyncState();
    expect(stateAfter.watermark).toEqual(stateBefore.watermark);

    // once the session lets go, the next run brings everything (nothing lost)
    await reporting.query('ROLLBACK');
    h.clock.advance(MINUTE);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
    expect(await h.check()).toEqual([]);
  });
});
