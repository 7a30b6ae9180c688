import { describe, expect, it } from 'vitest';
import { describeRelease, describeReport } from '../../../renderer/src/features/actions/notice';
import { report, run } from './fixtures';

const AT = 1_700_000_000_000;

describe('describeReport', () => {
  it('a succeeded run: how long it took, the orders and the row counts', () => {
    expect(describeReport('Sync now', report(), AT)).toEqual({ kind: 'ok', text: 'Sync now: run #7 succeeded in 42 s — 34 orders, +9 ~23 −1 rows.', at: AT });
  });

  it('skipped because the lock is held: who holds it', () => {
    const heldBy = {
      token: 'a'.repeat(32),
      owner: 'scheduler@vm',
      host: 'vm',
      pid: 1,
      runId: 6,
      acquiredAt: '2025-01-15T13:00:00Z',
      fence: 6,
      backend: 'redis' as const,
    };
    expect(describeReport('Reconcile', report({ exitCode: 2, run: run({ status: 'skipped' }), heldBy }), AT)).toEqual({
      kind: 'warn',
      text: 'Reconcile: skipped — the lock is held by scheduler@vm.',
      at: AT,
    });
    expect(describeReport('Sync now', report({ exitCode: 2, run: run({ status: 'skipped' }) }), AT).text).toBe(
      'Sync now: skipped — the lock is held by another run.',
    );
  });

  it('failed or aborted: the status and the error', () => {
    expect(describeReport('Fill gap', report({ exitCode: 1, run: run({ status: 'failed', error: 'Odoo Server Error' }) }), AT)).toEqual({
      kind: 'error',
      text: 'Fill gap: run #7 failed — Odoo Server Error',
      at: AT,
    });
    expect(describeReport('Sync now', report({ exitCode: 0, run: run({ status: 'aborted', error: null }) }), AT).text).toBe('Sync now: run #7 aborted');
  });

  it('a run without a finish time: no duration (today an empty one, two spaces)', () => {
    expect(describeReport('Sync now', report({ run: run({ finishedAt: null }) }), AT).text).toBe('Sync now: run #7 succeeded in  — 34 orders, +9 ~23 −1 rows.');
  });
});

describe('describeRelease', () => {
  it('released: whose lock it was', () => {
    const outcome = { released: true, previousOwner: 'scheduler@vm', currentOwner: null, currentToken: null, fence: 7 };
    expect(describeRelease(outcome, 'shown@vm', AT)).toEqual({
      kind: 'warn',
      text: 'Lock released (was held by scheduler@vm). If that run is alive it stops at its next batch.',
      at: AT,
    });
    expect(describeRelease({ ...outcome, previousOwner: null }, 'shown@vm', AT).text).toContain('was held by shown@vm');
  });

  it('not released: it changed hands (to whom) or expired', () => {
    const outcome = { released: false, previousOwner: null, currentOwner: 'other@vm', currentToken: 'b'.repeat(32), fence: 8 };
    expect(describeRelease(outcome, 'shown@vm', AT)).toEqual({
      kind: 'error',
      text: 'Lock not released: it changed hands and is now held by other@vm. Check again before retrying.',
      at: AT,
    });
    expect(describeRelease({ ...outcome, currentOwner: null }, 'shown@vm', AT).text).toBe(
      'Lock not released: it changed hands or expired. Check again before retrying.',
    );
  });
});
