/** Issues 16.1 and 16.2 in the console: a held reconciliation to confirm, and keys two same-named orders claim, in words. */
import { describe, expect, it } from 'vitest';
import { healthVerdict } from '../../../shared/health';
import { thresholdText, valueText } from '../../../renderer/src/features/health/health-text';
import { heldReconcile } from '../../../renderer/src/features/reconcile/held-model';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { run, status } from './fixtures';

const NOW = Date.parse('2025-01-15T14:00:00.000Z');
const pt = wordsFor('pt-BR');
const en = wordsFor('en');

describe('heldReconcile', () => {
  const held = run({ id: 5, trigger: 'reconcile', status: 'failed', problem: 'deactivationHeld' });
  const sync = run({ id: 6 });
  it('is the newest reconciliation held since the last one that succeeded', () => {
    expect(heldReconcile([sync, held])).toBe(held);
    expect(heldReconcile([run({ id: 7, trigger: 'reconcile', status: 'failed', problem: 'failed' }), sync, held])).toBe(held);
    expect(heldReconcile([run({ id: 7, trigger: 'reconcile' }), held])).toBeNull();
    expect(heldReconcile([sync])).toBeNull();
  });
});

describe('the two rules in words', () => {
  const collision = {
    numPedido: 'S00001',
    codProduto: 'P005',
    keptOrderId: 3,
    skippedOrderId: 9,
    firstSeenRunId: 1,
    lastSeenRunId: 2,
    firstSeenAt: '2025-01-15T13:00:00.000Z',
    lastSeenAt: '2025-01-15T13:30:00.000Z',
  };
  const verdict = healthVerdict(
    status({
      keyCollisions: { total: 2, items: [collision] },
      recentRuns: [run({ id: 5, trigger: 'reconcile', status: 'failed', problem: 'deactivationHeld' }), run()],
    }),
    NOW,
  );
  const text = (id: string, words = pt) => {
    const rule = verdict.rules.find((candidate) => candidate.id === id)!;
    return [words.m.health.rules[rule.id], valueText(rule, words), thresholdText(rule, words)];
  };

  it('say what, how many and the threshold, pt-BR first', () => {
    expect(text('keyCollisions')).toEqual([
      'Pedidos com o mesmo número e produto',
      '2 chaves',
      'Atenção com qualquer chave em dois pedidos (renumere um deles no Odoo)',
    ]);
    expect(text('heldDeactivation')).toEqual([
      'Desativação em massa aguardando confirmação',
      '1 reconciliação parada',
      'Atenção enquanto uma reconciliação espera confirmação',
    ]);
    expect(text('keyCollisions', en)[1]).toBe('2 keys');
    expect(en.m.alerts.collisionLine('S00001', 'P005', 3, 9)).toBe('S00001 · P005: order id 3 written, order id 9 left out');
    expect(pt.m.alerts.collisionLine('S00001', 'P005', 3, 9)).toBe('S00001 · P005: pedido id 3 gravado, pedido id 9 fora');
    expect(pt.m.runs.problem.deactivationHeld).toContain('Nada foi desativado');
    expect(pt.m.audit.actions['reconcile.confirm_deactivation']).toBe('desativação em massa confirmada (reconciliação)');
  });
});
