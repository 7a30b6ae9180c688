import { describe, expect, it } from 'vitest';
import { countsText, runCause, runDuration, runProblem, runProblemText, windowLength, windowText } from '../../../renderer/src/features/runs/run-text';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { inTimeZone, run } from './fixtures';

const en = wordsFor('en');
const pt = wordsFor('pt-BR');

inTimeZone('America/Sao_Paulo');

const NOW = Date.parse('2025-01-15T14:00:00Z');

describe('run text', () => {
  it('a finished run lasted from start to finish; a running one until now; otherwise a dash', () => {
    expect(runDuration(run(), NOW)).toBe('42 s');
    expect(runDuration(run({ status: 'running', finishedAt: null, startedAt: '2025-01-15T13:58:00Z' }), NOW)).toBe('2 min');
    expect(runDuration(run({ status: 'failed', finishedAt: null }), NOW)).toBe('—');
  });

  it('the window in local times with its length, or up to its end for a full load', () => {
    expect(windowLength(run(), en)).toBe('1 h 00 min');
    expect(windowText(run(), NOW, en)).toBe('09:00:00 → 10:00:00 (1 h 00 min)');
    expect(windowLength(run({ windowFrom: null, fullLoad: true }), en)).toBe('full load');
    expect(windowText(run({ windowFrom: null, fullLoad: true }), NOW, en)).toBe('… → 10:00:00 (full load)');
    expect(windowText(run({ windowFrom: null, fullLoad: true }), NOW, pt)).toBe('… → 10:00:00 (carga completa)');
  });

  it("words the engine's problem for the operator, a skip it did not explain too; the engine text stays the detail", () => {
    const cases: [Parameters<typeof run>[0], string | null][] = [
      [{ status: 'aborted', problem: 'lockLost' }, 'lockLost'],
      [{ status: 'aborted', problem: 'stopped' }, 'stopped'],
      [{ status: 'failed', problem: 'failed' }, 'failed'],
      [{ status: 'skipped', problem: 'lockHeld' }, 'lockHeld'],
      [{ status: 'skipped', problem: 'recent' }, 'recent'],
      [{ status: 'skipped', problem: null }, 'skipped'],
      [{ status: 'succeeded', problem: null }, null],
      [{ status: 'running', problem: null }, null],
    ];
    for (const [fields, problem] of cases) expect(runProblem(run(fields)), JSON.stringify(fields)).toBe(problem);
    expect(runProblemText('lockLost', pt)).toBe(pt.m.runs.lockLost);
    expect(runProblemText('failed', pt)).toContain('marca d’água não avançou');
    expect(runProblemText('lockHeld', en)).toBe('Skipped: another run held the lock.');
  });

  it('row counts as +new ~changed −gone', () => {
    expect(countsText({ inserted: 9, updated: 23, unchanged: 5, deactivated: 0 })).toBe('+9 ~23 −0');
    expect(countsText({ inserted: 154289, updated: 2892, unchanged: 5, deactivated: 0 }, pt)).toBe('+154.289 ~2.892 −0');
  });

  it('the cause the engine recorded: what happened and where, then what to do, in either language (issue 18.2)', () => {
    const failed = run({ status: 'failed', problem: 'failed', cause: { code: 'pgDatabaseNotFound', target: 'db:5432/carteira' } });
    expect(runCause(failed, pt)).toEqual({
      title: 'O banco de dados PostgreSQL db:5432/carteira não existe.',
      next: 'Crie o banco (createdb) ou corrija o nome em DATABASE_URL.',
    });
    expect(runCause(failed, en)?.title).toBe('The PostgreSQL database db:5432/carteira does not exist.');
    // none recorded: a lost lock, a stop, runs from before
    expect(runCause(run({ status: 'aborted', problem: 'lockLost' }), pt)).toBeNull();
  });
});
