/**
 * The sync engine end to end, on both store backends and, for the main scenarios, on every
 * Odoo protocol (JSON-RPC, JSON-2 with only an API key, auto): the Odoo simulator over real HTTP,
 * a real PostgreSQL database or a PGlite directory, real Redis for the lock. Every test
 * ends by comparing the whole table with an independent oracle computed from the
 * simulator's records.
 */
import { afterEach, beforeEach, describe, expect, it, it as vitestIt } from 'vitest';
import { newRun } from '../../support/new-run';
import { createSyncHarness, type Backend, type SyncHarness, type SyncProtocol } from '../../support/sync-harness';

const MINUTE = 60_000;

/** The scenarios run on every protocol too (the rest only on the default one, on both backends). */
const ON_EVERY_PROTOCOL = [
  'talks to Odoo only over its protocol, and the status says which',
  'loads everything on an empty store, then a re-run changes nothing',
  'sees a header-only change, a cancellation, a deleted line and a quantity edit',
  'marks the keys of an order deleted in Odoo inactive at reconcile',
  'a fault mid-run leaves the watermark and the failed batch untouched; the next run repairs all',
  'catches a late commit inside the overlap; one beyond it is caught by reconcile',
  'a quiet Odoo is not re-read: after a bulk import a no-change run reads 0 orders, and a late commit inside the overlap is still caught',
];

describe.each<Backend>(['postgres', 'pglite'])('sync engine on %s', (backend) => syncScenarios({ backend }));
describe.each<SyncProtocol>(['jsonrpc', 'json2', 'auto'])('sync engine over ODOO_PROTOCOL=%s (postgres)', (protocol) =>
  syncScenarios({ backend: 'postgres', protocol }, ON_EVERY_PROTOCOL),
);

function syncScenarios(setup: { backend: Backend; protocol?: SyncProtocol }, only?: readonly string[]): void {
  let h: SyncHarness;
  const it = (name: string, body: () => Promise<void>) => {
    if (!only || only.includes(name)) vitestIt(name, body);
  };

  beforeEach(async () => {
    h = await createSyncHarness(setup);
  });
  afterEach(async () => {
    await h?.close();
  });

  const run = async () => {
    h.clock.advance(MINUTE);
    return h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
  };

  it('loads everything on an empty store, then a re-run changes nothing', async () => {
    const first = await run();
    expect(first.exitCode).toBe(0);
    expect(first.run).toMatchObject({ status: 'succeeded', fullLoad: true, windowFrom: null });
    expect(first.run.counts.inserted).toBeGreaterThan(100);
    expect(await h.check()).toEqual([]);
    expect(h.logs.some((log) => log.msg === 'SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO')).toBe(true);

    const again = await h.engine.runSync({ kind: 'window', minutes: 24 * 60 * 365 });
    expect(again.run.counts).toMatchObject({ inserted: 0, updated: 0, deactivated: 0 });
    expect(again.run.counts.unchanged).toBe(first.run.counts.inserted);
  });

  it('talks to Odoo only over its protocol, and the status says which', async () => {
    await run();
    const expected = h.protocol === 'auto' ? 'json2' : h.protocol;
    expect((await h.engine.status()).odoo.protocol).toBe(expected);
    const calls = h.sim.stats().callsByProtocol;
    expect(calls[expected]).toBeGreaterThan(0);
    for (const other of ['xmlrpc', 'jsonrpc', 'json2'] as const) if (other !== expected) expect(calls[other]).toBe(0);
    expect(h.logs.some((log) => log.event === 'odoo.protocol')).toBe(true);
    expect(await h.check()).toEqual([]);
  });

  it('keeps sections and notes out, keys products without code as #id, aggregates duplicate products', async () => {
    const orm = h.sim.orm;
    const partner = orm.search('res.partner', [], { limit: 1 })[0];
    const withCode = orm.create('product.product', { name: 'Parafuso', default_code: 'PAR-01' });
    const withoutCode = orm.create('product.product', { name: 'Serviço avulso', default_code: false });
    const orderId = orm.create('sale.order', {
      partner_id: partner,
      order_line: [
        [0, 0, { display_type: 'line_section', name: 'Seção A' }],
        [0, 0, { product_id: withCode, product_uom_qty: 2, price_unit: 10 }],
        [0, 0, { display_type: 'line_note', name: 'Entregar pela manhã' }],
        [0, 0, { product_id: withCode, product_uom_qty: 3, price_unit: 20 }],
        [0, 0, { product_id: withoutCode, product_uom_qty: 1, price_unit: 99.9 }],
      ],
    });
    const name = orm.read('sale.order', orderId, ['name'])[0].name as string;
    await run();
    const rows = await h.store.listCarteira({ orderIds: [orderId] });
    expect(rows.map((row) => row.codProduto).sort()).toEqual([`#${withoutCode}`, 'PAR-01']);
    const aggregated = rows.find((row) => row.codProduto === 'PAR-01')!;
    expect(aggregated).toMatchObject({
      numPedido: name,
      qtdProdutoPedido: '5',
      valorProdutoPedido: '80',
      precoProdutoPedido: '16',
      qtdSaldoProdutoPedido: '5',
      ativo: true,
    });
    expect(await h.check()).toEqual([]);
  });

  it('sees a header-only change, a cancellation, a deleted line and a quantity edit', async () => {
    await run();
    const orm = h.sim.orm;
    const [headerOnly, cancelled, shrunk, edited] = orm.search('sale.order', [['state', 'in', ['draft', 'sent', 'sale']]], { limit: 4, order: 'id asc' });
    h.clock.advance(5 * MINUTE);
    orm.write('sale.order', headerOnly, { commitment_date: '2026-07-15 00:00:00' });
    orm.cancel(cancelled);
    const productLines = orm.search('sale.order.line', [
      ['order_id', '=', shrunk],
      ['display_type', '=', false],
      ['product_id', '!=', false],
    ]);
    orm.unlink('sale.order.line', productLines[0], { force: true });
    const editedLine = orm.search('sale.order.line', [
      ['order_id', '=', edited],
      ['display_type', '=', false],
      ['product_id', '!=', false],
    ])[0];
    orm.write('sale.order.line', editedLine, { product_uom_qty: 1234 });

    const report = await run();
    expect(report.run.status).toBe('succeeded');
    expect(report.run.ordersSeen).toBeGreaterThanOrEqual(4); // plus what the overlap re-reads
    const header = await h.store.listCarteira({ orderIds: [headerOnly] });
    expect(header.every((row) => row.dataEntrega?.toISOString() === '2026-07-15T00:00:00.000Z')).toBe(true);
    const cancelledRows = await h.store.listCarteira({ orderIds: [cancelled] });
    expect(cancelledRows.every((row) => !row.ativo && row.statusPedido === 'cancel' && row.qtdSaldoProdutoPedido === '0')).toBe(true);
    expect(await h.check()).toEqual([]);
  });

  it('marks the keys of an order deleted in Odoo inactive at reconcile', async () => {
    await run();
    const orm = h.sim.orm;
    const victim = (await h.store.activeOrderIds()).at(-1)!;
    const before = await h.store.listCarteira({ orderIds: [victim], activeOnly: true });
    const rowsBefore = (await h.store.listCarteira({ orderIds: [victim] })).length;
    orm.unlink('sale.order', victim, { force: true });
    h.clock.advance(MINUTE);

    await run(); // a hard delete leaves nothing for a window to see
    expect(await h.store.listCarteira({ orderIds: [victim], activeOnly: true })).toHaveLength(before.length);

    const reconcile = await h.engine.reconcile();
    expect(reconcile.run).toMatchObject({ status: 'succeeded', trigger: 'reconcile' });
    expect(reconcile.run.counts.deactivated).toBe(before.length);
    const after = await h.store.listCarteira({ orderIds: [victim] });
    expect(after.length).toBe(rowsBefore); // rows stay, for history
    expect(after.every((row) => !row.ativo && row.qtdSaldoProdutoPedido === '0')).toBe(true);
    expect(await h.check()).toEqual([]);
  });

  it('a fault mid-run leaves the watermark and the failed batch untouched; the next run repairs all', async () => {
    await run();
    const watermark = (await h.store.getSyncState()).watermark;
    h.clock.advance(2 * MINUTE);
    const orders = h.sim.orm.search('sale.order', [['state', '!=', 'cancel']], { order: 'id asc' });
    for (const id of orders) {
      const line = h.sim.orm.search('sale.order.line', [
        ['order_id', '=', id],
        ['product_id', '!=', false],
        ['display_type', '=', false],
      ])[0];
      if (line) h.sim.orm.write('sale.order.line', line, { qty_invoiced: 0.5 });
    }
    // batches of 20 orders: the second batch's line read fails
    h.sim.faults.inject({
      kind: 'fault',
      code: 1,
      string: 'Traceback...\nValueError: boom in the middle',
      match: { model: 'sale.order.line', method: 'search_read' },
      afterCalls: 4,
    });
    const failed = await run();
    expect(failed.exitCode).toBe(1);
    expect(failed.run.status).toBe('failed');
    expect(failed.run.error).toContain('boom in the middle');
    expect((await h.store.getSyncState()).watermark).toEqual(watermark);
    expect(h.logs.some((log) => log.msg.startsWith('Erro na sincronização:'))).toBe(true);
    const problems = await h.check();
    expect(problems.length).toBeGreaterThan(0); // later batches were never applied

    const repaired = await run();
    expect(repaired.run.status).toBe('succeeded');
    expect(await h.check()).toEqual([]);
    expect((await h.store.getSyncState()).watermark!.getTime()).toBeGreaterThan(watermark!.getTime());
  });

  it('catches a late commit inside the overlap; one beyond it is caught by reconcile', async () => {
    await run();
    const orm = h.sim.orm;
    const [nearOrder, farOrder] = orm.search('sale.order', [['state', '=', 'sale']], { limit: 2 });
    const lineOf = (order: number) =>
      orm.search('sale.order.line', [
        ['order_id', '=', order],
        ['product_id', '!=', false],
        ['display_type', '=', false],
      ])[0];

    // Two long transactions start now; a change elsewhere moves the watermark on.
    const near = h.sim.begin({ at: h.clock.now() });
    near.write('sale.order.line', lineOf(nearOrder), { qty_delivered: 1, product_uom_qty: 777 });
    const far = h.sim.begin({ at: h.clock.now() });
    far.write('sale.order.line', lineOf(farOrder), { product_uom_qty: 888 });
    h.clock.advance(5 * MINUTE);
    const other = orm.search('sale.order', [['state', '=', 'draft']], { limit: 1 })[0];
    orm.write('sale.order', other, { client_order_ref: 'PO-1' });
    await run();

    near.commit(); // 6 minutes late: inside the 10-minute overlap
    await run();
    expect((await h.store.listCarteira({ orderIds: [nearOrder] })).some((row) => row.qtdProdutoPedido === '777')).toBe(true);

    // 40 minutes of unrelated changes move the watermark well past the far transaction's write_date
    for (let i = 0; i < 4; i++) {
      h.clock.advance(10 * MINUTE);
      orm.write('sale.order', other, { client_order_ref: `PO-${i + 2}` });
      await run();
    }
    far.commit();
    await run();
    expect((await h.store.listCarteira({ orderIds: [farOrder] })).some((row) => row.qtdProdutoPedido === '888')).toBe(false);
    const reconcile = await h.engine.reconcile();
    expect(reconcile.run.ordersSeen).toBeGreaterThanOrEqual(1);
    expect((await h.store.listCarteira({ orderIds: [farOrder] })).some((row) => row.qtdProdutoPedido === '888')).toBe(true);
    expect(await h.check()).toEqual([]);
  });

  it('a quiet Odoo is not re-read: after a bulk import a no-change run reads 0 orders, and a late commit inside the overlap is still caught', async () => {
    await run(); // the full load
    const orm = h.sim.orm;
    const partner = orm.search('res.partner', [], { limit: 1 })[0];
    const product = orm.search('product.product', [], { limit: 1 })[0];
    const imported: number[] = [];
    for (let i = 0; i < 40; i++) {
      imported.push(orm.create('sale.order', { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: i + 1, price_unit: 5 }]] }));
    }
    h.clock.advance(15 * MINUTE); // the import is older than the overlap when the next run reads it
    const importRun = await run();
    expect(importRun.run.ordersSeen).toBe(imported.length);
    expect(await h.check()).toEqual([]);

    // Odoo stays quiet: every later run starts where the previous one began reading, less the overlap.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(29 * MINUTE);
      const quiet = await run();
      expect(quiet.run).toMatchObject({ status: 'succeeded', ordersSeen: 0 });
    }
    const syncedTo = (await h.store.getSyncState()).odooSyncedTo!;
    expect(Math.abs(syncedTo.getTime() - h.clock.now().getTime())).toBeLessThan(2000); // Odoo's clock, from its Date header
    // The status's next window (the console's "próxima janela") starts there less the overlap, and so does the next run.
    expect((await h.engine.status()).nextWindow?.from).toBe(new Date(syncedTo.getTime() - 10 * MINUTE).toISOString());
    h.clock.advance(29 * MINUTE);
    expect(new Date((await run()).run.windowFrom!).getTime()).toBe(syncedTo.getTime() - 10 * MINUTE);

    // A transaction that began just before a run and commits after it, "in the past", is still caught.
    const [order] = orm.search('sale.order', [['state', '=', 'sale']], { limit: 1 });
    const [line] = orm.search('sale.order.line', [
      ['order_id', '=', order],
      ['product_id', '!=', false],
      ['display_type', '=', false],
    ]);
    const late = h.sim.begin({ at: new Date(h.clock.now().getTime() - 3 * MINUTE) });
    late.write('sale.order.line', line, { product_uom_qty: 4321 });
    expect((await run()).run.ordersSeen).toBe(0); // not committed yet: invisible
    late.commit();
    h.clock.advance(29 * MINUTE);
    const caught = await run();
    expect(caught.run.ordersSeen).toBe(1);
    expect((await h.store.listCarteira({ orderIds: [order] })).some((row) => row.qtdProdutoPedido === '4321')).toBe(true);
    expect(await h.check()).toEqual([]);
  });

  it('a 3-hour downtime is caught up by the next scheduled run, with no gap', async () => {
    await run();
    // where the last success began reading, on Odoo's clock: nothing committed before it was missed
    const before = (await h.store.getSyncState()).odooSyncedTo!;
    for (let i = 0; i < 18; i++) {
      h.clock.advance(10 * MINUTE);
      h.sim.changes.tick(3);
    }
    const caughtUp = await run();
    expect(caughtUp.run.status).toBe('succeeded');
    expect(new Date(caughtUp.run.windowFrom!).getTime()).toBeLessThanOrEqual(before.getTime() - 10 * MINUTE);
    expect(caughtUp.run.gap).toBeNull();
    // Everything but hard-deleted orders (no trace in Odoo to window on) is caught up…
    const left = await h.check();
    expect(left.every((problem) => problem.includes('gone from Odoo'))).toBe(true);
    // …and those are the reconciliation's job.
    await h.engine.reconcile();
    expect(await h.check()).toEqual([]);
    const status = await h.engine.status();
    expect(status.coverage.gaps).toEqual([]);
  });

  it('a run left "running" by a dead instance on another host is marked aborted by the next holder', async () => {
    await run();
    const fence = await h.store.nextFence(); // that instance took the lock…
    const zombie = await h.store.insertRun(newRun({ startedAt: h.clock.now(), host: 'other-host', fence })); // …and died mid-run
    h.clock.advance(30 * MINUTE);
    expect((await run()).run.status).toBe('succeeded');
    expect(await h.store.getRun(zombie)).toMatchObject({
      status: 'aborted',
      problem: 'lockLost',
      error: expect.stringMatching(/^lock lost: fence \d+ was superseded/),
    });
  });

  it('replaying an old window rolls nothing back and never moves the watermark backwards', async () => {
    const start = h.clock.now();
    await run();
    h.clock.advance(30 * MINUTE);
    const order = h.sim.orm.search('sale.order', [['state', '=', 'sale']], { limit: 1 })[0];
    const line = h.sim.orm.search('sale.order.line', [
      ['order_id', '=', order],
      ['product_id', '!=', false],
      ['display_type', '=', false],
    ])[0];
    h.sim.orm.write('sale.order.line', line, { product_uom_qty: 4242 });
    await run();
    const watermark = (await h.store.getSyncState()).watermark;
    const replay = await h.engine.runSync({ kind: 'range', from: new Date(start.getTime() - 60 * MINUTE).toISOString(), to: start.toISOString() });
    expect(replay.run).toMatchObject({ status: 'succeeded', trigger: 'recovery' });
    expect(replay.run.counts.updated).toBe(0);
    expect((await h.store.getSyncState()).watermark).toEqual(watermark);
    expect((await h.store.listCarteira({ orderIds: [order] })).some((row) => row.qtdProdutoPedido.startsWith('4242'))).toBe(true);
    expect(await h.check()).toEqual([]);
  });
}

describe('catch-up bound (SYNC_MAX_CATCHUP_HOURS=1)', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', env: { SYNC_MAX_CATCHUP_HOURS: '1' } });
  });
  afterEach(async () => {
    await h?.close();
  });
  const scheduled = () => h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });

  it('an idle Odoo leaves the watermark behind without a gap, and the next change still moves it', async () => {
    h.clock.advance(MINUTE);
    await scheduled();
    for (let i = 0; i < 6; i++) {
      h.clock.advance(30 * MINUTE); // three idle hours of runs: windows clipped at the bound
      const report = await scheduled();
      expect(report.run.gap).toBeNull();
    }
    const order = h.sim.orm.search('sale.order', [['state', '=', 'draft']], { limit: 1 })[0];
    h.sim.orm.write('sale.order', order, { client_order_ref: 'after the quiet' });
    const changedAt = h.clock.now();
    h.clock.advance(30 * MINUTE);
    await scheduled();
    expect((await h.store.getSyncState()).watermark!.getTime()).toBeGreaterThanOrEqual(changedAt.getTime() - 1000);
    expect((await h.engine.status()).coverage.gaps).toEqual([]);
  });

  it('an outage beyond the bound is recorded as a gap, and a recovery run over it closes it', async () => {
    h.clock.advance(MINUTE);
    await scheduled();
    const watermark = (await h.store.getSyncState()).watermark!;
    h.clock.advance(3 * 60 * MINUTE); // down for 3 hours, changes meanwhile
    h.sim.changes.tick(10);
    h.clock.advance(MINUTE);
    const clipped = await scheduled();
    expect(clipped.run.gap).not.toBeNull();
    expect(h.logs.some((log) => log.event === 'sync.gap')).toBe(true);
    expect((await h.store.getSyncState()).watermark).toEqual(watermark); // never jumps over the gap
    const [gap] = (await h.engine.status()).coverage.gaps;
    expect(gap).toBeDefined();

    const filled = await h.engine.runSync({ kind: 'range', from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() });
    expect(filled.run.status).toBe('succeeded');
    expect((await h.engine.status()).coverage.gaps).toEqual([]);
    h.clock.advance(30 * MINUTE);
    const next = await scheduled();
    expect(next.run.gap).toBeNull();
    expect((await h.store.getSyncState()).watermark!.getTime()).toBeGreaterThan(watermark.getTime());
    await h.engine.reconcile(); // deleted orders, if the change generator made any
    expect(await h.check()).toEqual([]);
  });
});
