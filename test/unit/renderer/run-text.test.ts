import { describe, expect, it } from 'vitest';
import { abortedByLockLoss, countsText, runDuration, windowLength, windowText } from '../../../renderer/src/features/runs/run-text';
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

  it('tells a run stopped by a lost lock (forced release, fenced out) from other aborts and failures', () => {
    const fenced =
      'lock lost: this run holds fence 3 but fence 4 is current: this batch was rolled back and nothing more is written (earlier batches stay applied)';
    expect(abortedByLockLoss(run({ status: 'aborted', error: fenced }))).toBe(true);
    expect(abortedByLockLoss(run({ status: 'aborted', error: 'lock lost: fence 3 was superseded by fence 4 before the run finished; nothing more…' }))).toBe(
      true,
    );
    expect(abortedByLockLoss(run({ status: 'aborted', error: 'engine closing' }))).toBe(false);
    expect(abortedByLockLoss(run({ status: 'failed', error: fenced }))).toBe(false);
    expect(abortedByLockLoss(run({ status: 'aborted', error: null }))).toBe(false);
  });

  it('row counts as +new ~changed −gone', () => {
    expect(countsText({ inserted: 9, updated: 23, unchanged: 5, deactivated: 0 })).toBe('+9 ~23 −0');
    expect(countsText({ inserted: 154289, updated: 2892, unchanged: 5, deactivated: 0 }, pt)).toBe('+154.289 ~2.892 −0');
  });
});
