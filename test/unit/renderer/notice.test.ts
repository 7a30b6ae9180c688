import { describe, expect, it } from 'vitest';
import { describeRelease, describeReport } from '../../../renderer/src/features/actions/notice';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { report, run } from './fixtures';

const AT = 1_700_000_000_000;
const en = wordsFor('en');
const pt = wordsFor('pt-BR');

describe('describeReport', () => {
  it('a succeeded run: how long it took, the orders and the row counts', () => {
    expect(describeReport('Sync now', report(), en, AT)).toEqual({
      kind: 'ok',
      text: 'Sync now: run #7 succeeded in 42 s — 34 orders, +9 ~23 −1 rows.',
      at: AT,
    });
    expect(describeReport('Sincronizar agora', report(), pt, AT).text).toBe(
      'Sincronizar agora: execução #7 concluída com sucesso em 42 s — 34 pedidos, linhas +9 ~23 −1.',
    );
  });

  it('numbers are grouped for the locale', () => {
    const big = report({ run: run({ ordersSeen: 2892, counts: { inserted: 154289, updated: 0, unchanged: 0, deactivated: 0 } }) });
    expect(describeReport('Recuperar', big, pt, AT).text).toContain('2.892 pedidos, linhas +154.289');
    expect(describeReport('Recover', big, en, AT).text).toContain('2,892 orders, +154,289');
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
    expect(describeReport('Reconcile', report({ exitCode: 2, run: run({ status: 'skipped' }), heldBy }), en, AT)).toEqual({
      kind: 'warn',
      text: 'Reconcile: skipped — the lock is held by scheduler@vm.',
      at: AT,
    });
    expect(describeReport('Sync now', report({ exitCode: 2, run: run({ status: 'skipped' }) }), en, AT).text).toBe(
      'Sync now: skipped — the lock is held by another run.',
    );
  });

  it("failed or aborted: the status in words, the cause the engine recorded, the error as the detail; the retry is the banner's, not offered again", () => {
    expect(describeReport('Fill gap', report({ exitCode: 1, run: run({ status: 'failed', error: 'Odoo Server Error' }) }), en, AT)).toEqual({
      kind: 'error',
      text: 'Fill gap: run #7 failed',
      detail: 'Odoo Server Error',
      runId: 7,
      at: AT,
    });
    const refused = run({
      status: 'failed',
      problem: 'failed',
      error: 'ECONNREFUSED from http://odoo:8069/jsonrpc common.version',
      cause: { code: 'odooConnectionRefused', target: 'http://odoo:8069' },
    });
    expect(describeReport('Sincronizar agora', report({ exitCode: 1, run: refused }), pt, AT)).toEqual({
      kind: 'error',
      text: 'Sincronizar agora: execução #7 falhou: Odoo inacessível: conexão recusada em http://odoo:8069.',
      detail: 'ECONNREFUSED from http://odoo:8069/jsonrpc common.version',
      runId: 7,
      at: AT,
    });
    expect(describeReport('Sync now', report({ exitCode: 0, run: run({ status: 'aborted', error: null }) }), en, AT).text).toBe('Sync now: run #7 aborted');
    expect(describeReport('Sincronizar agora', report({ exitCode: 0, run: run({ status: 'aborted', error: null }) }), pt, AT).text).toBe(
      'Sincronizar agora: execução #7 abortada',
    );
  });

  it('a run without a finish time: no duration (today an empty one, two spaces)', () => {
    expect(describeReport('Sync now', report({ run: run({ finishedAt: null }) }), en, AT).text).toBe(
      'Sync now: run #7 succeeded in  — 34 orders, +9 ~23 −1 rows.',
    );
  });
});

describe('describeRelease', () => {
  const shown: LockHolderInfo = {
    token: 'a'.repeat(32),
    owner: 'shown@vm',
    host: 'vm',
    pid: 1,
    runId: 2,
    acquiredAt: '2025-01-15T13:00:00.000Z',
    fence: 6,
    backend: 'redis',
  };
  const previous = { ...shown, owner: 'scheduler@vm' };
  const base = {
    released: true,
    previousOwner: 'scheduler@vm',
    currentOwner: null,
    currentToken: null,
    fence: 7,
    previousHolder: previous,
    currentHolder: null,
  };

  it('released: whose lock it was, that nothing more is written, and "Sync now" offered', () => {
    expect(describeRelease(base, shown, en, AT)).toEqual({
      kind: 'warn',
      text: 'Lock released (was held by scheduler@vm). If that run is alive it stops at its next batch without writing anything more. The next scheduled run may be a while.',
      at: AT,
      offer: 'sync-now',
    });
    expect(describeRelease({ ...base, previousOwner: null, previousHolder: null }, shown, en, AT).text).toContain('was held by shown@vm');
    expect(describeRelease(base, shown, pt, AT).text).toContain('Lock liberado (estava com scheduler@vm)');
  });

  it("issue 18.1: the old job's value is named as such", () => {
    const legacy: LockHolderInfo = {
      ...shown,
      token: '',
      owner: '2026-12-06 10:00:00.123456',
      value: { raw: '2026-12-06 10:00:00.123456', binary: false, truncated: false, sha1: 'c'.repeat(40), kind: 'legacy', legacyAt: null },
    };
    expect(describeRelease({ ...base, previousHolder: legacy }, legacy, pt, AT).text).toContain(
      'Lock liberado (estava com valor legado do job antigo (2026-12-06 10:00:00.123456))',
    );
  });

  it('not released: it changed hands (to whom) or expired', () => {
    const other = { ...shown, owner: 'other@vm', token: 'b'.repeat(32) };
    const outcome = {
      ...base,
      released: false,
      previousOwner: 'other@vm',
      currentOwner: 'other@vm',
      currentToken: other.token,
      previousHolder: other,
      currentHolder: other,
    };
    expect(describeRelease(outcome, shown, en, AT)).toEqual({
      kind: 'error',
      text: 'Lock not released: it changed hands and is now held by other@vm. Check again before retrying.',
      at: AT,
    });
    expect(describeRelease({ ...outcome, currentOwner: null, currentHolder: null }, shown, en, AT).text).toBe(
      'Lock not released: it changed hands or expired. Check again before retrying.',
    );
  });
});
