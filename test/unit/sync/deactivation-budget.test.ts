/** Issue 16.1: how much a run may deactivate by absence before it needs an operator's confirmation. */
import { describe, expect, it } from 'vitest';
import { DeactivationLimitError } from '../../../electron/engine/store/deactivation-limit';
import type { BatchCounts, OrderBatch, Store } from '../../../electron/engine/store/types';
import { allows, budgetedStore, deactivationBudget, reconcileHeldMessage, remaining } from '../../../electron/engine/sync/deactivation-budget';

describe('deactivationBudget', () => {
  it('is the share of the active rows, at least one row, none at 0 %, unlimited once confirmed', () => {
    expect(deactivationBudget(1000, 20, false).limit).toBe(200);
    expect(deactivationBudget(3, 20, false).limit).toBe(1);
    expect(deactivationBudget(1000, 0, false).limit).toBe(0);
    expect(deactivationBudget(1000, 100, false).limit).toBe(1000);
    expect(deactivationBudget(1000, 20, true).limit).toBe(Number.POSITIVE_INFINITY);
    const budget = deactivationBudget(1000, 20, false);
    expect(allows(budget, 200)).toBe(true);
    expect(allows(budget, 201)).toBe(false);
    budget.spent = 150;
    expect(remaining(budget)).toBe(50);
  });

  it('says what stopped, where, and what to do, in pt-BR', () => {
    const text = reconcileHeldMessage(deactivationBudget(240, 20, false), 60, 240);
    expect(text).toContain('o Odoo deixou de listar 60 pedido(s), o que desativaria 240 de 240 linhas ativas da carteira (100%)');
    expect(text).toContain('SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT=20%');
    expect(text).toContain('Nada foi desativado');
    expect(text).toContain('reconcile --confirm-deactivation --reason');
  });
});

describe('budgetedStore', () => {
  const counts = (deactivated: number): BatchCounts => ({ inserted: 0, updated: 0, unchanged: 0, deactivated });

  it('hands each batch what is left of the budget, spends what it deactivated by absence, and words a refusal', async () => {
    const seen: number[] = [];
    const store = {
      backend: 'postgres',
      applyOrders: async (batch: OrderBatch) => {
        const limit = batch.absenceLimit!;
        seen.push(limit.allowed);
        if (limit.allowed < 5) throw new DeactivationLimitError('raw', 5, limit.allowed, 0);
        limit.spend(5);
        return counts(7); // two more rows deactivated as data (a key replaced), not counted
      },
    } as unknown as Store;
    const budget = deactivationBudget(40, 20, false); // 8 rows
    const budgeted = budgetedStore(store, budget);
    expect(budgeted.backend).toBe('postgres');
    expect(await budgeted.applyOrders({ orders: [], deletedOrderIds: [1] }, 1, { fence: 1 })).toEqual(counts(7));
    expect(budget.spent).toBe(5);
    const error = await budgeted.applyOrders({ orders: [], deletedOrderIds: [2] }, 1, { fence: 1 }).catch((caught: unknown) => caught);
    expect(seen).toEqual([8, 3]);
    expect(error).toBeInstanceOf(DeactivationLimitError);
    expect((error as DeactivationLimitError).wouldDeactivate).toBe(10);
    expect((error as Error).message).toContain('desativaria 10 de 40 linhas ativas da carteira (25%)');
    // confirmed: no limit
    await budgetedStore(store, deactivationBudget(40, 20, true)).applyOrders({ orders: [], deletedOrderIds: [3] }, 1, { fence: 1 });
    expect(seen.at(-1)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
