import { describe, expect, it } from 'vitest';
import { healthVerdict } from '../../../shared/health';
import { ruleMark, thresholdText, valueText } from '../../../renderer/src/features/health/health-text';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { run, status } from './fixtures';

const NOW = Date.parse('2025-01-15T14:00:00.000Z');
const pt = wordsFor('pt-BR');
const en = wordsFor('en');

describe('health rules in words', () => {
  const last = run({ startedAt: '2025-01-15T12:45:00.000Z', finishedAt: '2025-01-15T12:47:00.000Z' });
  const failed = run({ id: 8, status: 'failed', startedAt: '2025-01-15T13:30:00.000Z', finishedAt: '2025-01-15T13:37:32.000Z' });
  const verdict = healthVerdict(status({ lastSuccess: last, recentRuns: [failed, last] }), NOW);
  const text = (id: string, words = pt) => {
    const rule = verdict.rules.find((candidate) => candidate.id === id)!;
    return [valueText(rule, words), thresholdText(rule, words)];
  };

  it('each rule says its current value and its threshold, in pt-BR', () => {
    expect(text('sinceSuccess')).toEqual(['1 h 13 min', 'Atenção acima de 45 min · Crítico acima de 1 h 10 min']);
    expect(text('duration')).toEqual(['7 min 32 s', 'Atenção acima de 5 min']);
    expect(text('failures')).toEqual(['1', 'Atenção com 1, Crítico com 2 ou mais']);
    // issue 18.6: "Lacunas: nenhum" — lacuna is feminine
    expect(text('gaps')).toEqual(['nenhuma', 'Crítico com qualquer lacuna (preencha na linha do tempo)']);
    expect(text('gaps', en)[0]).toBe('none');
    expect(text('zeroOrders')[0]).toBe('0 seguidas · Odoo quieto não é alarme');
    // issue 18.6: proper plurals
    expect(pt.m.health.zeroOrdersValue(1)).toBe('1 seguida');
  });

  it('issue 18.6: a rule not evaluated shows no green tick: its own mark, not the OK one', () => {
    const zero = verdict.rules.find((candidate) => candidate.id === 'zeroOrders')!;
    expect(zero.checked).toBe(false);
    expect(ruleMark(zero, pt)).toEqual({ icon: '–', label: 'não avaliado', className: 'level-unchecked' });
    const gaps = verdict.rules.find((candidate) => candidate.id === 'gaps')!;
    expect(ruleMark(gaps, pt)).toEqual({ icon: '✓', label: 'OK', className: 'level-ok' });
    const failures = verdict.rules.find((candidate) => candidate.id === 'failures')!;
    expect(ruleMark(failures, en)).toEqual({ icon: '!', label: 'Warning', className: 'level-warn' });
  });

  it('and in English', () => {
    expect(text('sinceSuccess', en)).toEqual(['1 h 13 min', 'Warning above 45 min · Critical above 1 h 10 min']);
    expect(text('failures', en)[1]).toBe('Warning at 1, Critical at 2 or more');
  });
});
