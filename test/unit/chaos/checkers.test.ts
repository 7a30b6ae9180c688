/**
 * The soak's invariant checkers cannot pass vacuously: each is fed a history that breaks its
 * invariant and must flag it, and a clean history that must pass.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord, CarteiraRecord, RunRecord } from '../../../electron/engine/store/types';
import type { ExpectedClaims, ExpectedRow } from '../../support/carteira-truth';
import { checkStalledRunOver, LockWaitChecker } from '../../chaos/invariants/bounded-waits';
import { checkCoverage, holesIn } from '../../chaos/invariants/coverage';
import { checkForcedReleasesAudited } from '../../chaos/invariants/forced-release-audit';
import { checkNoBulkDeactivation } from '../../chaos/invariants/no-bulk-deactivation';
import { checkFinalTruth, checkFreshAfterRun } from '../../chaos/invariants/nothing-lost';
import { NoStaleOverwriteChecker } from '../../chaos/invariants/no-stale-overwrite';
import { OneWriterChecker } from '../../chaos/invariants/one-writer';
import { checkNoRunLeftRunning } from '../../chaos/invariants/runs-settled';
import { checkWatermarkBound } from '../../chaos/invariants/watermark-bound';
import type { Difference } from '../../chaos/oracle';
import type { ObservedWrite } from '../../chaos/write-observer';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let seq = 0;
function write(fields: Partial<ObservedWrite>): ObservedWrite {
  seq++;
  return {
    seq,
    txid: String(seq),
    runId: 1,
    runFence: 1,
    currentFence: 1,
    key: 'S1|P1',
    op: 'UPDATE',
    oldWriteDate: at(0),
    newWriteDate: at(1),
    ...fields,
  };
}

function run(fields: Partial<RunRecord>): RunRecord {
  return {
    id: 1,
    trigger: 'scheduled',
    status: 'succeeded',
    windowFrom: at(0),
    windowTo: at(40),
    fullLoad: false,
    startedAt: at(40),
    finishedAt: at(40),
    host: 'h',
    pid: 1,
    demo: false,
    gapFrom: null,
    gapTo: null,
    fence: 1,
    lockBackend: 'redis',
    degraded: false,
    ordersSeen: 0,
    counts: { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 },
    error: null,
    watermarkBefore: null,
    watermarkAfter: null,
    ...fields,
  } as RunRecord;
}

describe('one writer at a time', () => {
  it('passes writes that carry the current fence, in rising order', () => {
    const checker = new OneWriterChecker();
    checker.check([write({ runFence: 1, currentFence: 1 }), write({ runFence: 2, currentFence: 2 })], at(0));
    expect(checker.result()).toEqual({ concurrentWriters: 0, violations: [] });
  });

  it('flags a write committed with a fence that was no longer current (a zombie writer)', () => {
    const checker = new OneWriterChecker();
    checker.check([write({ runFence: 3, currentFence: 4, txid: 'a' }), write({ runFence: 3, currentFence: 4, txid: 'a' })], at(5));
    const result = checker.result();
    expect(result.concurrentWriters).toBe(1); // one transaction, however many rows
    expect(result.violations[0].message).toMatch(/fence 3 while the current fence was 4/);
  });

  it('flags committed fences going backwards', () => {
    const checker = new OneWriterChecker();
    checker.check([write({ runFence: 5, currentFence: 5 })], at(0));
    checker.check([write({ runFence: 4, currentFence: 4 })], at(1));
    expect(checker.result().concurrentWriters).toBe(1);
    expect(checker.result().violations[0].message).toMatch(/fence 4 after fence 5/);
  });
});

describe('no stale overwrite', () => {
  it('flags an update that moves odoo_write_date back, and only that', () => {
    const checker = new NoStaleOverwriteChecker();
    checker.check(
      [write({ oldWriteDate: at(1), newWriteDate: at(1) }), write({ oldWriteDate: at(10), newWriteDate: at(9) }), write({ op: 'INSERT', oldWriteDate: null })],
      at(10),
    );
    expect(checker.staleOverwrites).toBe(1);
    expect(checker.violations[0].message).toMatch(/went back/);
  });
});

describe('nothing lost', () => {
  const order = (writtenAtMinute: number) => ({ id: 7, name: 'S7', newestWriteDate: at(writtenAtMinute).getTime() });
  const diff = (writtenAtMinute: number): Difference => ({
    key: 'S7|P1',
    problem: 'S7|P1: qtd is 1, Odoo says 2',
    orderIds: [7],
    orders: [order(writtenAtMinute)],
    rowOrderId: 7,
    heldByDeletedOrder: null,
  });
  const sync = { runId: 9, windowFrom: at(20), windowTo: null, startedAt: at(60), startedSeq: 100 };

  it('flags a change inside the window, visible before the run, missing after it succeeded', () => {
    expect(checkFreshAfterRun(sync, [diff(30)], () => 99, at(61))).toHaveLength(1);
  });

  it('leaves alone a change older than the window, one that became visible after the run started, and one past a closed range', () => {
    expect(checkFreshAfterRun(sync, [diff(10)], () => 99, at(61))).toEqual([]);
    expect(checkFreshAfterRun(sync, [diff(30)], () => 101, at(61))).toEqual([]);
    expect(checkFreshAfterRun({ ...sync, windowTo: at(25) }, [diff(30)], () => 99, at(61))).toEqual([]);
  });

  it('holds a sync to a customer or product correction inside its window, as to any change of the order', () => {
    // the order's own write_date is old; its customer's name changed at minute 30 (oracle.ts folds it into newestWriteDate)
    const corrected: Difference = { ...diff(30), problem: 'S7|P1: nome_cliente is Old, Odoo says New' };
    expect(checkFreshAfterRun(sync, [corrected], () => 99, at(61))[0].message).toMatch(/nome_cliente/);
  });

  it('leaves a key freed by a deleted order to the reconciliation, and holds the reconciliation to it and to deleted orders', () => {
    const freed: Difference = {
      ...diff(30),
      problem: "S7|P1: the row is order 3's, but Odoo's order(s) with that key are 7",
      rowOrderId: 3,
      heldByDeletedOrder: 3,
    };
    const deleted: Difference = {
      key: 'S3|P1',
      problem: 'S3|P1: gone from Odoo but still active',
      orderIds: [3],
      orders: [],
      rowOrderId: 3,
      heldByDeletedOrder: null,
    };
    expect(checkFreshAfterRun(sync, [freed, deleted], () => 99, at(61))).toEqual([]);
    const reconcile = { ...sync, windowFrom: at(-47 * 60), reconcile: true };
    expect(checkFreshAfterRun(reconcile, [freed, deleted], () => 99, at(61))).toHaveLength(2);
    // a deletion made after the reconciliation started is the next one's
    expect(checkFreshAfterRun(reconcile, [deleted], () => 101, at(61))).toEqual([]);
  });

  it('excuses, until a reconciliation, an order a run deactivated while Odoo listed no orders, whether it claims the key or holds its row', () => {
    const liedAbout = (orderId: number) => orderId === 3;
    const taken: Difference = { ...diff(30), problem: 'S7|P1: orders 7 and 3 share the name … not reported', rowOrderId: 3 };
    expect(checkFreshAfterRun(sync, [taken], () => 99, at(61), liedAbout)).toEqual([]);
    expect(checkFreshAfterRun(sync, [{ ...taken, orderIds: [3], rowOrderId: 7 }], () => 99, at(61), liedAbout)).toEqual([]);
    expect(checkFreshAfterRun(sync, [diff(30)], () => 99, at(61), liedAbout)).toHaveLength(1);
    expect(checkFreshAfterRun({ ...sync, reconcile: true }, [taken], () => 99, at(61), liedAbout)).toHaveLength(1);
  });

  it('flags every difference left at the end', () => {
    expect(checkFinalTruth([diff(30), { ...diff(30), orders: [] }], at(100))).toHaveLength(2);
  });
});

describe('no bulk deactivation (issue 16.1)', () => {
  /** 100 keys, each one order's, active in Odoo */
  const claims: ExpectedClaims = new Map(
    Array.from({ length: 100 }, (_, i): [string, ExpectedRow[]] => [
      `S${i}|P1`,
      [
        {
          key: `S${i}|P1`,
          orderId: i,
          numPedido: `S${i}`,
          codProduto: 'P1',
          nomeProduto: 'p',
          cnpjCliente: null,
          nomeCliente: 'c',
          quantity: 5,
          delivered: 0,
          invoiced: 0,
          saldo: 5,
          value: 5,
          status: 'sale',
          ativo: true,
        },
      ],
    ]),
  );
  const table = (inactiveByRun: number, runId: number) =>
    [...claims.values()].map(
      ([row], i) =>
        ({
          numPedido: row.numPedido,
          codProduto: row.codProduto,
          odooOrderId: row.orderId,
          ativo: i >= inactiveByRun,
          syncRunId: i < inactiveByRun ? runId : 1,
        }) as CarteiraRecord,
    );

  it('flags a reconciliation that took out the whole carteira on one empty answer (the old bug)', () => {
    const violations = checkNoBulkDeactivation({ id: 9, trigger: 'reconcile', status: 'succeeded' }, table(100, 9), claims, 20, at(0));
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(/left 100 rows inactive that Odoo has active, more than the 23/);
  });

  it('passes a run within the share, and rows another run wrote', () => {
    expect(checkNoBulkDeactivation({ id: 9, trigger: 'scheduled', status: 'succeeded' }, table(20, 9), claims, 20, at(0))).toEqual([]);
    expect(checkNoBulkDeactivation({ id: 10, trigger: 'reconcile', status: 'failed' }, table(100, 9), claims, 20, at(0))).toEqual([]);
  });
});

describe('watermark bounded (issue 16.6)', () => {
  it('flags a watermark or Odoo clock from a write_date in 2099, and passes one within the allowed lead', () => {
    const now = at(0);
    expect(checkWatermarkBound({ watermark: new Date('2099-05-01T00:00:00Z'), odooSyncedTo: at(-5) }, now, 300_000)).toHaveLength(1);
    expect(checkWatermarkBound({ watermark: at(1), odooSyncedTo: new Date('2099-05-01T00:00:00Z') }, now, 300_000)[0].message).toMatch(/odoo_synced_to/);
    expect(checkWatermarkBound({ watermark: at(4), odooSyncedTo: at(4) }, now, 300_000)).toEqual([]);
    expect(checkWatermarkBound({ watermark: null, odooSyncedTo: null }, now, 0)).toEqual([]);
  });
});

describe('bounded waits (issue 16.4)', () => {
  const sample = (pid: number, waitedMs: number) => ({
    at: at(0),
    pid,
    waitStart: `w${pid}`,
    waitedMs,
    lock: 'transactionid ShareLock',
    query: 'INSERT INTO carteira …',
  });

  it('flags an engine session waiting on a row lock past the limit, once per wait', () => {
    const checker = new LockWaitChecker(5000);
    expect(checker.check([sample(1, 1200), sample(2, 4999)])).toEqual([]);
    expect(checker.check([sample(1, 60_000)])).toHaveLength(1);
    expect(checker.check([sample(1, 61_000)])).toEqual([]);
    expect(checker.violations[0].message).toMatch(/session 1 has waited 60 s/);
  });

  it('flags a run still running past the limit after its PostgreSQL stopped answering', () => {
    const stall = { instance: 'A1', runId: 4, at: at(0) };
    expect(checkStalledRunOver(stall, false, 12_000, 26_000)).toEqual([]);
    expect(checkStalledRunOver(stall, true, 26_100, 26_000)[0].message).toMatch(/run #4 on A1 still running 26 s/);
  });
});

describe('every stretch covered or reported', () => {
  it('finds the holes a set of windows leaves', () => {
    expect(
      holesIn({ from: 0, to: 100 }, [
        { from: 10, to: 20 },
        { from: 15, to: 30 },
        { from: 50, to: 120 },
      ]),
    ).toEqual([
      { from: 0, to: 10 },
      { from: 30, to: 50 },
    ]);
  });

  it('passes overlapping windows from a full load on', () => {
    const runs = [
      run({ id: 1, fullLoad: true, windowFrom: null, windowTo: at(0) }),
      run({ id: 2, windowFrom: at(-10), windowTo: at(30) }),
      run({ id: 3, windowFrom: at(20), windowTo: at(60) }),
    ];
    expect(checkCoverage(runs).violations).toEqual([]);
  });

  it('flags a stretch no successful sync covered and no run reported', () => {
    const runs = [
      run({ id: 1, fullLoad: true, windowFrom: null, windowTo: at(0) }),
      run({ id: 2, windowFrom: at(-10), windowTo: at(30) }),
      run({ id: 3, status: 'failed', windowFrom: at(20), windowTo: at(60) }),
      run({ id: 4, windowFrom: at(90), windowTo: at(130) }),
    ];
    const result = checkCoverage(runs);
    expect(result.unreportedGaps).toEqual([{ from: at(30).getTime(), to: at(90).getTime() }]);
    expect(result.violations).toHaveLength(1);
  });

  it('accepts the same stretch once a run reported it as a gap', () => {
    const runs = [
      run({ id: 1, fullLoad: true, windowFrom: null, windowTo: at(0) }),
      run({ id: 2, windowFrom: at(-10), windowTo: at(30) }),
      run({ id: 4, windowFrom: at(90), windowTo: at(130), gapFrom: at(30), gapTo: at(90) }),
    ];
    expect(checkCoverage(runs)).toMatchObject({ unreportedGaps: [], violations: [], reportedGaps: [{ from: at(30).getTime(), to: at(90).getTime() }] });
  });
});

describe('runs settled and releases audited', () => {
  it('flags a run left running', () => {
    expect(checkNoRunLeftRunning([run({ id: 1 }), run({ id: 2, status: 'running' })], at(0))).toHaveLength(1);
  });

  it('flags a forced release without its audit row', () => {
    const audit: AuditRecord[] = [{ id: 1, actor: 'op', action: 'lock.force_release', reason: 'chaos forced release #1', details: {}, at: at(0) }];
    const releases = [
      { at: at(0), reason: 'chaos forced release #1', released: true },
      { at: at(5), reason: 'chaos forced release #2', released: true },
    ];
    const violations = checkForcedReleasesAudited(releases, audit);
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(/#2/);
  });
});
