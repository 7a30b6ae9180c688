/**
 * One suite, two backends: every behaviour of the store is checked on PostgreSQL (a fresh
 * database) and on PGlite (a fresh temp dir), with the same assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/engine/store';
import {
  FenceError,
  type CarteiraRow,
  type NewRun,
  type OrderBatch,
  type RunSuccess,
  type Store,
  type SyncedOrder,
  type WriteGuard,
} from '../../../electron/engine/store/types';
import { newRun } from '../../support/new-run';
import { createTestDatabase } from '../../support/services';

interface Target {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
  /** PostgreSQL only: a raw client URL for checks the Store does not expose */
  url?: string;
}

const backends: { name: 'postgres' | 'pglite'; make: () => Promise<Target> }[] = [
  {
    name: 'postgres',
    make: async () => {
      const database = await createTestDatabase('store');
      return { open: () => openStore({ databaseUrl: database.url }), cleanup: database.drop, url: database.url };
    },
  },
  {
    name: 'pglite',
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'carteira-store-'));
      return { open: () => openStore({ pgliteDir: join(dir, 'pglite') }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

const T0 = new Date('2024-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let nextOrderId = 1000;

function makeRow(orderId: number, numPedido: string, codProduto: string, writeDate: Date, over: Partial<CarteiraRow> = {}): CarteiraRow {
  return {
    numPedido,
    codProduto,
    nomeProduto: `Produto ${codProduto}`,
    cnpjCliente: '12.345.678/0001-90',
    nomeCliente: 'Cliente\tcom "tab"\\barra\ne linha',
    qtdProdutoPedido: '10',
    qtdEntregue: '0',
    qtdFaturada: '2',
    qtdSaldoProdutoPedido: '8',
    precoProdutoPedido: '12.5',
    valorProdutoPedido: '125',
    statusPedido: 'sale',
    dataPedido: at(-1000),
    dataEntrega: null,
    odooOrderId: orderId,
    odooWriteDate: writeDate,
    ativo: true,
    ...over,
  };
}

/** A fresh order id / number, and a helper to build versions of that order. */
function newOrder(): { id: number; num: string; version: (writeDate: Date, rows: Array<[string, Partial<CarteiraRow>?]>) => SyncedOrder } {
  const id = nextOrderId++;
  const num = `VCD${id}`;
  return {
    id,
    num,
    version: (writeDate, rows) => ({
      odooOrderId: id,
      numPedido: num,
      writeDate,
      rows: rows.map(([cod, over]) => makeRow(id, num, cod, writeDate, over)),
    }),
  };
}

const batch = (orders: SyncedOrder[], deletedOrderIds: number[] = []): OrderBatch => ({ orders, deletedOrderIds });

describe.each(backends)('store on $name', ({ name, make }) => {
  let target: Target;
  let store: Store;
  let runId: number;

  const fence = async () => ({ fence: await store.nextFence() });
  const run = (over: Partial<NewRun> = {}): NewRun =>
    newRun({ trigger: 'manual', windowFrom: at(-40), windowTo: at(0), startedAt: at(0), lockBackend: 'local', ...over });

  beforeAll(async () => {
    target = await make();
    store = await target.open();
    runId = await store.insertRun(run());
  });

  afterAll(async () => {
    await store?.close();
    await target?.cleanup();
  });

  it('reports its backend', () => {
    expect(store.backend).toBe(name);
  });

  it('applies migrations once: reopening keeps the data and the schema', async () => {
    const before = await store.nextFence();
    if (name === 'pglite') {
      await store.close();
      store = await target.open();
    } else {
      // two more processes starting at once on the same database
      const [a, b] = await Promise.all([target.open(), target.open()]);
      await a.close();
      await b.close();
    }
    const state = await store.getSyncState();
    expect(state.fence).toBe(before);
    expect(await store.getRun(runId)).not.toBeNull();
  });

  if (name === 'postgres') {
    it('migrates a fresh database safely when two processes start at once', async () => {
      const database = await createTestDatabase('store_mig');
      try {
        const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: database.url })));
        await Promise.all(stores.map((s) => s.close()));
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const { rows } = await client.query('SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version');
        await client.end();
        expect(rows.every((row: { n: number }) => row.n === 1)).toBe(true);
        expect(rows.length).toBeGreaterThan(0);
      } finally {
        await database.drop();
      }
    });
  }

  it('counts inserted, updated, unchanged and deactivated rows exactly', async () => {
    const o = newOrder();
    const guard = await fence();
    expect(await store.applyOrders(batch([o.version(at(1), [['A'], ['B'], ['C']])]), runId, guard)).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
    });
    // the same batch again: nothing is rewritten
    expect(await store.applyOrders(batch([o.version(at(1), [['A'], ['B'], ['C']])]), runId, guard)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
      deactivated: 0,
    });
    const firstWrite = (await store.listCarteira({ orderIds: [o.id] })).map((row) => row.updatedAt.getTime());

    // one changed row, one new, one vanished
    const v2 = o.version(at(5), [['A'], ['B', { qtdFaturada: '3', qtdSaldoProdutoPedido: '7' }], ['D']]);
    v2.rows[0]!.odooWriteDate = at(1); // A itself did not change
    expect(await store.applyOrders(batch([v2]), runId, guard)).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
      deactivated: 1,
    });
    const rows = await store.listCarteira({ orderIds: [o.id] });
    expect(rows.map((row) => [row.codProduto, row.ativo, row.qtdSaldoProdutoPedido])).toEqual([
      ['A', true, '8'],
      ['B', true, '7'],
      ['C', false, '0'],
      ['D', true, '8'],
    ]);
    expect(rows[0]!.updatedAt.getTime()).toBe(firstWrite[0]);

    // re-applying: 0 updated, and the vanished key is not deactivated twice
    expect(await store.applyOrders(batch([v2]), runId, guard)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
      deactivated: 0,
    });

    // the key comes back: an update that reactivates it
    const v3 = o.version(at(9), [['A'], ['B', { qtdFaturada: '3', qtdSaldoProdutoPedido: '7' }], ['C'], ['D']]);
    v3.rows[0]!.odooWriteDate = at(1);
    v3.rows[1]!.odooWriteDate = at(5);
    v3.rows[3]!.odooWriteDate = at(5);
    expect(await store.applyOrders(batch([v3]), runId, guard)).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 3,
      deactivated: 0,
    });
  });

  it('applies the order as read last even when its write_date went back (a late commit), keeping the newest write_date seen', async () => {
    // Fencing orders the writers, so the batch committed last was read last. Odoo's write_date is
    // the transaction's start: a long transaction committing after a short one moves it back.
    const o = newOrder();
    const guard = await fence();
    await store.applyOrders(batch([o.version(at(10), [['A', { qtdSaldoProdutoPedido: '5' }], ['B']])]), runId, guard);
    const counts = await store.applyOrders(batch([o.version(at(2), [['A', { qtdSaldoProdutoPedido: '99' }]])]), runId, guard);
    expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 0, deactivated: 1 });
    const rows = await store.listCarteira({ orderIds: [o.id] });
    expect(rows.map((row) => [row.codProduto, row.qtdSaldoProdutoPedido, row.ativo, row.odooWriteDate.toISOString()])).toEqual([
      ['A', '99', true, at(10).toISOString()],
      ['B', '0', false, at(10).toISOString()],
    ]);
    // the same values again change nothing, whatever write_date they carry
    const same = await store.applyOrders(batch([o.version(at(1), [['A', { qtdSaldoProdutoPedido: '99' }]])]), runId, guard);
    expect(same).toEqual({ inserted: 0, updated: 0, unchanged: 1, deactivated: 0 });
  });

  it('deactivates every key of deleted orders, once, and keeps the rows', async () => {
    const a = newOrder();
    const b = newOrder();
    const guard = await fence();
    await store.applyOrders(batch([a.version(at(1), [['X'], ['Y']]), b.version(at(1), [['X']])]), runId, guard);
    const counts = await store.applyOrders(batch([], [a.id, b.id, 987654321]), runId, guard);
    expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 0, deactivated: 3 });
    expect(await store.applyOrders(batch([], [a.id, b.id]), runId, guard)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
    });
    const rows = await store.listCarteira({ orderIds: [a.id, b.id] });
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => !row.ativo && row.qtdSaldoProdutoPedido === '0')).toBe(true);
    expect(await store.activeOrderIds()).not.toContain(a.id);
  });

  it('deactivates all keys of an order that now has no rows; sets sync_run_id', async () => {
    const o = newOrder();
    const guard = await fence();
    await store.applyOrders(batch([o.version(at(1), [['P'], ['Q']])]), runId, guard);
    const otherRun = await store.insertRun(run());
    const counts = await store.applyOrders(batch([o.version(at(2), [])]), otherRun, guard);
    expect(counts.deactivated).toBe(2);
    const rows = await store.listCarteira({ orderIds: [o.id] });
    expect(rows.every((row) => row.syncRunId === otherRun && !row.ativo)).toBe(true);
  });

  it('keeps numeric values exact (decimal strings in, decimal strings out)', async () => {
    const o = newOrder();
    const guard = await fence();
    const values = {
      qtdProdutoPedido: '0.1',
      qtdEntregue: '0.2',
      qtdFaturada: '12345678901234567890.123456789012345678',
      qtdSaldoProdutoPedido: '0.000000000000000000000001',
      precoProdutoPedido: '3.333333333333333333333333333333',
      valorProdutoPedido: '-1.50',
    };
    await store.applyOrders(batch([o.version(at(1), [['N', values]])]), runId, guard);
    const [row] = await store.listCarteira({ orderIds: [o.id] });
    expect(row).toMatchObject(values);
    // the same values again are unchanged, even written differently (1.5 = 1.50)
    const again = await store.applyOrders(batch([o.version(at(1), [['N', { ...values, valorProdutoPedido: '-1.5' }]])]), runId, guard);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 1, deactivated: 0 });
  });

  it('rejects a batch with a duplicate key or a misfiled row before writing anything', async () => {
    const o = newOrder();
    const guard = await fence();
    await expect(store.applyOrders(batch([o.version(at(1), [['A'], ['A']])]), runId, guard)).rejects.toThrow(/twice/);
    const misfiled = o.version(at(1), [['A']]);
    misfiled.rows[0]!.odooOrderId = o.id + 1;
    await expect(store.applyOrders(batch([misfiled]), runId, guard)).rejects.toThrow(/belongs to order/);
    expect(await store.listCarteira({ orderIds: [o.id] })).toEqual([]);
  });

  it('throws FenceError when the fence moved, and writes nothing', async () => {
    const o = newOrder();
    const stale = await fence();
    await store.nextFence();
    const error = await store.applyOrders(batch([o.version(at(1), [['A']])]), runId, stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FenceError);
    expect((error as FenceError).expected).toBe(stale.fence);
    expect((error as FenceError).current).toBe(stale.fence + 1);
    expect(await store.listCarteira({ orderIds: [o.id] })).toEqual([]);
  });

  it('rolls back everything when beforeCommit throws', async () => {
    const o = newOrder();
    const { fence: current } = await fence();
    await store.applyOrders(batch([o.version(at(1), [['A'], ['B']])]), runId, { fence: current });
    let called = 0;
    const guard = {
      fence: current,
      beforeCommit: async () => {
        called++;
        throw new Error('redis token gone');
      },
    };
    await expect(store.applyOrders(batch([o.version(at(2), [['A', { qtdSaldoProdutoPedido: '1' }], ['C']])], [o.id + 100000]), runId, guard)).rejects.toThrow(
      'redis token gone',
    );
    expect(called).toBe(1);
    const rows = await store.listCarteira({ orderIds: [o.id] });
    expect(rows.map((row) => [row.codProduto, row.qtdSaldoProdutoPedido, row.ativo])).toEqual([
      ['A', '8', true],
      ['B', '8', true],
    ]);
  });

  it('lets only the current fence write when two batches race', async () => {
    const o1 = newOrder();
    const o2 = newOrder();
    const older = await fence();
    const newer = await fence();
    const [a, b] = await Promise.allSettled([
      store.applyOrders(batch([o1.version(at(1), [['A']])]), runId, older),
      store.applyOrders(batch([o2.version(at(1), [['A']])]), runId, newer),
    ]);
    expect(a.status).toBe('rejected');
    expect(a.status === 'rejected' && a.reason).toBeInstanceOf(FenceError);
    expect(b).toEqual({ status: 'fulfilled', value: { inserted: 1, updated: 0, unchanged: 0, deactivated: 0 } });
    expect(await store.listCarteira({ orderIds: [o1.id] })).toEqual([]);
  });

  it('hands out strictly increasing fences, also concurrently', async () => {
    const fences = await Promise.all(Array.from({ length: 10 }, () => store.nextFence()));
    expect(new Set(fences).size).toBe(10);
    expect((await store.getSyncState()).fence).toBe(Math.max(...fences));
  });

  it("records a run's success with the watermark and Odoo's clock in one fenced transaction, forward only", async () => {
    const guard = await fence();
    const succeed = async (over: Partial<RunSuccess>, writeGuard: WriteGuard = guard) => {
      const runId = await store.insertRun(run({ fence: writeGuard.fence }));
      const watermark = await store.recordRunSuccess(
        runId,
        {
          finishedAt: at(1),
          ordersSeen: 3,
          counts: { inserted: 1, updated: 2, unchanged: 0, deactivated: 0 },
          watermarkTo: null,
          odooSyncedTo: null,
          windowTo: null,
          ...over,
        },
        writeGuard,
      );
      return { runId, watermark };
    };
    expect((await store.getSyncState()).watermark).toBeNull();
    const first = await succeed({ watermarkTo: at(30), odooSyncedTo: { at: at(35), protocol: 'json2' } });
    expect(first.watermark?.toISOString()).toBe(at(30).toISOString());
    expect(await store.getRun(first.runId)).toMatchObject({ status: 'succeeded', ordersSeen: 3, watermarkAfter: at(30), error: null });
    // never backwards; null moves nothing
    expect((await succeed({ watermarkTo: at(10), odooSyncedTo: { at: at(20), protocol: 'xmlrpc' } })).watermark?.toISOString()).toBe(at(30).toISOString());
    expect((await succeed({})).watermark?.toISOString()).toBe(at(30).toISOString());
    expect(await store.getSyncState()).toMatchObject({ watermark: at(30), odooSyncedTo: at(35), odooProtocol: 'xmlrpc' });
    // the window's end moves to where the run really read, never before its plan (at(0))
    expect((await store.getRun((await succeed({ windowTo: at(45) })).runId))?.windowTo).toEqual(at(45));
    expect((await store.getRun((await succeed({ windowTo: at(-5) })).runId))?.windowTo).toEqual(at(0));

    // A newer fence, or a guard that fails at the end: nothing is committed, the run stays running.
    await store.nextFence();
    const fencedOut = await store.insertRun(run({ fence: guard.fence }));
    const success: RunSuccess = {
      finishedAt: at(2),
      ordersSeen: 0,
      counts: { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 },
      watermarkTo: at(60),
      odooSyncedTo: { at: at(60), protocol: 'json2' },
      windowTo: null,
    };
    await expect(store.recordRunSuccess(fencedOut, success, guard)).rejects.toBeInstanceOf(FenceError);
    const current = await fence();
    const lost = await store.insertRun(run({ fence: current.fence }));
    await expect(store.recordRunSuccess(lost, success, { ...current, beforeCommit: () => Promise.reject(new Error('lost')) })).rejects.toThrow('lost');
    expect(await store.getSyncState()).toMatchObject({ watermark: at(30), odooSyncedTo: at(35), odooProtocol: 'xmlrpc' });
    expect((await store.getRun(fencedOut))?.status).toBe('running');
    expect((await store.getRun(lost))?.status).toBe('running');
  });

  it('records runs: watermark_before from sync_state, outcome, newest first, stale runs aborted', async () => {
    const watermark = (await store.getSyncState()).watermark;
    const id1 = await store.insertRun(run({ startedAt: at(100), trigger: 'scheduled', fence: 7, lockBackend: 'redis' }));
    const id2 = await store.insertRun(
      run({ startedAt: at(101), trigger: 'recovery', pid: 1, gapFrom: at(-5000), gapTo: at(-4000), degraded: true, demo: true }),
    );
    const skipped = await store.insertRun(run({ startedAt: at(102), status: 'skipped', error: 'lock held', problem: 'lockHeld' }));
    const first = await store.getRun(id1);
    expect(first).toMatchObject({ trigger: 'scheduled', status: 'running', fence: 7, lockBackend: 'redis', host: 'test-host', pid: 4242 });
    expect(first?.watermarkBefore?.toISOString()).toBe(watermark?.toISOString());
    expect(await store.getRun(skipped)).toMatchObject({ status: 'skipped', error: 'lock held', problem: 'lockHeld', finishedAt: at(102) });

    await store.finishRun(id1, {
      status: 'failed',
      finishedAt: at(103),
      ordersSeen: 12,
      counts: { inserted: 1, updated: 2, unchanged: 3, deactivated: 4 },
      error: 'Odoo Server Error',
      problem: 'failed',
    });
    expect(await store.getRun(id1)).toMatchObject({
      status: 'failed',
      finishedAt: at(103),
      ordersSeen: 12,
      counts: { inserted: 1, updated: 2, unchanged: 3, deactivated: 4 },
      error: 'Odoo Server Error',
      problem: 'failed',
      watermarkAfter: null,
    });
    expect(await store.getRun(id2)).toMatchObject({ degraded: true, demo: true, gapFrom: at(-5000), gapTo: at(-4000) });
    expect(await store.getRun(999999)).toBeNull();

    const listed = await store.listRuns({ since: at(100) });
    expect(listed.map((r) => r.id)).toEqual([skipped, id2, id1]);
    expect((await store.listRuns({ limit: 1 }))[0]!.id).toBe(skipped);

    // id2 (pid 1) is left running by a dead process; runId (pid 4242) by this one
    expect(await store.abortStaleRuns('test-host', [1], at(104), 'process died')).toBe(1);
    expect(await store.getRun(id2)).toMatchObject({ status: 'aborted', error: 'process died', problem: 'stopped', finishedAt: at(104) });
    expect(await store.abortStaleRuns('other-host', 'all', at(104), 'x')).toBe(0);
    expect((await store.getRun(runId))?.status).toBe('running');
  });

  it('pauses and resumes, and keeps an audit trail', async () => {
    await store.setPaused(true, 'ana', 'maintenance', at(200));
    expect(await store.getSyncState()).toMatchObject({ paused: true, pausedBy: 'ana', pausedReason: 'maintenance', pausedAt: at(200) });
    await store.setPaused(false, 'ana', null, at(201));
    expect(await store.getSyncState()).toMatchObject({ paused: false, pausedBy: null, pausedReason: null, pausedAt: null });

    const a1 = await store.appendAudit({ actor: 'ana', action: 'scheduler.pause', reason: 'maintenance', details: {}, at: at(200) });
    const a2 = await store.appendAudit({
      actor: 'bob',
      action: 'lock.force_release',
      reason: 'stuck',
      details: { token: 'abc', nested: { n: 1, list: [1, 'x'] } },
      at: at(202),
    });
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map((entry) => entry.id)).toEqual([a2, a1]);
    expect(audit[0]).toEqual({
      id: a2,
      actor: 'bob',
      action: 'lock.force_release',
      reason: 'stuck',
      details: { token: 'abc', nested: { n: 1, list: [1, 'x'] } },
      at: at(202),
    });
  });

  it('reports local order versions, active orders and totals', async () => {
    const o = newOrder();
    const guard = await fence();
    const v = o.version(at(50), [['A'], ['B']]);
    v.rows[0]!.odooWriteDate = at(40);
    await store.applyOrders(batch([v]), runId, guard);
    const versions = await store.localOrderVersions();
    expect(versions.get(o.id)?.toISOString()).toBe(at(50).toISOString());
    expect(await store.activeOrderIds()).toContain(o.id);
    const before = await store.totals();
    await store.applyOrders(batch([], [o.id]), runId, guard);
    const after = await store.totals();
    expect(after).toEqual({ rows: before.rows, active: before.active - 2, orders: before.orders });
  });
});
