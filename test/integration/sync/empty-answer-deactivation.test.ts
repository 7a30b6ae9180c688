/**
 * Issue 16.1: one bad answer deactivated the carteira for good. A reconcile during which Odoo
 * lists no sale orders (a record rule after a company-access change, a misrouted proxy) marked
 * every row inactive with its balance at 0; when Odoo listed them again, neither a reconcile nor
 * a run brought them back (their write_date had not moved, and inactive rows counted as known).
 *
 * Now a run deactivates by absence at most SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT of the active
 * carteira; past it the run stops, says why (problem `deactivationHeld`), and waits for an
 * operator's confirmation (audited). Orders Odoo lists again whose rows are all inactive by
 * absence are re-read by the reconcile and come back.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { recordRule } from '../../support/record-rule';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

async function loaded(): Promise<{ active: number; rows: number }> {
  h = await createSyncHarness({ backend: 'postgres', orders: 40, linesPerOrder: 3, changeWeights: {} });
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  const totals = await h.store.totals();
  expect(totals.active).toBeGreaterThan(20);
  h.clock.advance(MINUTE);
  return totals;
}

it('a reconcile that meets an empty list of orders deactivates nothing, and the run says why and what to do', async () => {
  const before = await loaded();
  const rule = recordRule(h.sim);
  rule.on();

  const held = await h.engine.reconcile();
  expect(rule.hidden).toBeGreaterThan(0);
  expect(held.exitCode).toBe(1);
  expect(held.run).toMatchObject({ trigger: 'reconcile', status: 'failed', problem: 'deactivationHeld' });
  expect(held.run.counts.deactivated).toBe(0);
  expect(held.run.error).toMatch(/o Odoo deixou de listar \d+ pedido/);
  expect(held.run.error).toContain('SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT=20%');
  expect(held.run.error).toContain('reconcile --confirm-deactivation');
  expect(await h.store.totals()).toEqual(before);
  expect(h.logs.some((record) => record.event === 'reconcile.deactivation_held' && record.level === 'warn')).toBe(true);
  const status = await h.engine.status();
  expect(status.health.rules.find((rule) => rule.id === 'heldDeactivation')).toMatchObject({ level: 'warn', value: 1 });

  // Odoo answers again: the next reconcile finds nothing to do, and the verdict clears.
  rule.off();
  h.clock.advance(MINUTE);
  expect((await h.engine.reconcile()).run.status).toBe('succeeded');
  expect(await h.check()).toEqual([]);
  expect((await h.engine.status()).health.rules.find((rule) => rule.id === 'heldDeactivation')).toMatchObject({ level: 'ok' });
});

it('a sync whose orders come back without their lines rolls the batch back instead of deactivating them', async () => {
  const before = await loaded();
  const rule = recordRule(h.sim, ['sale.order.line']);
  rule.on();
  // a recovery over everything: every order is listed and read whole, and none has a line
  const report = await h.engine.runSync({ kind: 'window', minutes: 60 * 24 * 365 });
  expect(report.run).toMatchObject({ status: 'failed', problem: 'deactivationHeld' });
  expect(report.run.error).toContain('Desativação em massa recusada');
  expect(await h.store.totals()).toEqual(before);
  rule.off();
});

it('orders Odoo lists again come back active: a carteira the old bug deactivated is repaired by the reconcile', async () => {
  const before = await loaded();
  // The old bug's state, in a store from before the fix (migration 6 not applied): every row
  // inactive with balance 0, nothing else touched (write_date as it was).
  const client = new pg.Client({ connectionString: h.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('UPDATE carteira SET ativo = false, qtd_saldo_produto_pedido = 0');
    await client.query('DROP INDEX IF EXISTS carteira_odoo_missing_idx');
    await client.query('ALTER TABLE carteira DROP COLUMN IF EXISTS odoo_missing');
    await client.query('DELETE FROM schema_migrations WHERE version = 6');
  } finally {
    await client.end();
  }
  expect((await h.store.totals()).active).toBe(0);

  // The engine is upgraded (its store opens and migrates).
  const upgraded = await h.openAnotherEngine();
  // a run changes nothing: no write_date moved
  h.clock.advance(29 * MINUTE);
  expect((await upgraded.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  expect((await h.store.totals()).active).toBe(0);

  const reconcile = await upgraded.engine.reconcile();
  expect(reconcile.run.status).toBe('succeeded');
  expect(await h.store.totals()).toEqual(before);
  expect(await h.check()).toEqual([]);
});

it('an operator confirms a real mass deletion: audited, applied, and the orders still come back if Odoo lists them again', async () => {
  const before = await loaded();
  const rule = recordRule(h.sim);
  rule.on();
  expect((await h.engine.reconcile()).run.problem).toBe('deactivationHeld');

  const confirmed = await h.engine.reconcile({ confirmDeactivation: { actor: 'cli:ana@ops', reason: 'empresa B encerrada: pedidos excluídos' } });
  expect(confirmed.run.status).toBe('succeeded');
  expect(confirmed.run.counts.deactivated).toBe(before.active);
  expect((await h.store.totals()).active).toBe(0);
  const [audit] = await h.engine.audit();
  expect(audit).toMatchObject({
    actor: 'cli:ana@ops',
    action: 'reconcile.confirm_deactivation',
    reason: 'empresa B encerrada: pedidos excluídos',
    details: { runId: confirmed.run.id, status: 'succeeded', deactivated: before.active },
  });

  // It was the record rule after all: once Odoo lists the orders again, they come back.
  rule.off();
  h.clock.advance(MINUTE);
  expect((await h.engine.reconcile()).run.status).toBe('succeeded');
  expect(await h.store.totals()).toEqual(before);
  expect(await h.check()).toEqual([]);
});

it('a product whose code changed on many orders is not a mass deactivation: the orders’ keys are replaced, not missing', async () => {
  const before = await loaded();
  // the products on the most active lines, until they hold more than the allowed share
  const byProduct = new Map<number, number>();
  for (const line of h.sim.orm.searchRead('sale.order.line', [['product_id', '!=', false]], { fields: ['product_id'] })) {
    const id = (line.product_id as [number, string])[0];
    byProduct.set(id, (byProduct.get(id) ?? 0) + 1);
  }
  const renamed: number[] = [];
  let lines = 0;
  for (const [id, count] of [...byProduct].sort((a, b) => b[1] - a[1])) {
    if (lines > before.active * 0.3) break;
    renamed.push(id);
    lines += count;
  }
  for (const id of renamed) h.sim.orm.write('product.product', id, { default_code: `NOVO-${id}` });

  // a recovery over everything re-reads every order whole under the new codes
  h.clock.advance(MINUTE);
  const report = await h.engine.runSync({ kind: 'window', minutes: 60 * 24 * 365 });
  expect(report.run.status).toBe('succeeded');
  expect(report.run.counts.deactivated).toBeGreaterThan(before.active * 0.2);
  expect(await h.check()).toEqual([]);
});
