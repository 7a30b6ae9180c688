/**
 * The soak's invariant checkers cannot pass vacuously: each is fed a history that breaks its
 * invariant and must flag it, and a clean history that must pass.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord, RunRecord } from '../../../electron/engine/store/types';
import { checkCoverage, holesIn } from '../../chaos/invariants/coverage';
import { checkForcedReleasesAudited } from '../../chaos/invariants/forced-release-audit';
import { checkFinalTruth, checkFreshAfterRun } from '../../chaos/invariants/nothing-lost';
import { NoStaleOverwriteChecker } from '../../chaos/invariants/no-stale-overwrite';
import { OneWriterChecker } from '../../chaos/invariants/one-writer';
import { checkNoRunLeftRunning } from '../../chaos/invariants/runs-settled';
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
  const diff = (writtenAtMinute: number): Difference => ({ key: 'S7|P1', problem: 'S7|P1: qtd is 1, Odoo says 2', order: order(writtenAtMinute) });
  const sync = { runId: 9, windowFrom: at(20), windowTo: null, startedAt: at(60), startedSeq: 100 };

  it('flags a change inside the window, visible before the run, missing after it succeeded', () => {
    expect(checkFreshAfterRun(sync, [diff(30)], () => 99, at(61))).toHaveLength(1);
  });

  it('leaves alone a change older than the window, one that became visible after the run started, and one past a closed range', () => {
    expect(checkFreshAfterRun(sync, [diff(10)], () => 99, at(61))).toEqual([]);
    expect(checkFreshAfterRun(sync, [diff(30)], () => 101, at(61))).toEqual([]);
    expect(checkFreshAfterRun({ ...sync, windowTo: at(25) }, [diff(30)], () => 99, at(61))).toEqual([]);
  });

  it('flags every difference left at the end', () => {
    expect(checkFinalTruth([diff(30), { ...diff(30), order: null }], at(100))).toHaveLength(2);
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
