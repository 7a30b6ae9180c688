/**
 * Never trust one answer to deactivate in bulk. A run may deactivate by absence — orders missing
 * from Odoo's answer, orders read whole that came back with no key at all — at most
 * `SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT` of the carteira's active rows (at least one row, unless
 * the setting is 0). Past that the batch is rolled back and the run fails with problem
 * `deactivationHeld`: an empty list after a company-access change or a misrouted proxy looks
 * exactly like a mass deletion, and only an operator can tell them apart. A reconciliation the
 * operator confirmed (audited) has no limit.
 *
 * Deactivations Odoo states (an order cancelled, a line fully invoiced, a key replaced by another
 * when a product's code changed) are data, not absence, and are not counted.
 */
import { DeactivationLimitError } from '../store/deactivation-limit';
import type { Store } from '../store/types';

export interface DeactivationBudget {
  /** the setting, in percent */
  readonly percent: number;
  /** active rows when the run began */
  readonly activeRows: number;
  /** rows the run may deactivate by absence; Infinity once confirmed */
  readonly limit: number;
  /** what the run's committed batches already deactivated by absence */
  spent: number;
}

export function deactivationBudget(activeRows: number, percent: number, confirmed: boolean): DeactivationBudget {
  const share = Math.floor((activeRows * percent) / 100);
  const limit = confirmed ? Number.POSITIVE_INFINITY : percent === 0 ? 0 : Math.max(1, share);
  return { percent, activeRows, limit, spent: 0 };
}

export const remaining = (budget: DeactivationBudget): number => Math.max(0, budget.limit - budget.spent);

/** Whether deactivating `rows` more stays within the budget. */
export const allows = (budget: DeactivationBudget, rows: number): boolean => rows <= remaining(budget);

/**
 * The store as the run's batches see it: each batch carries what is left of the budget
 * (`OrderBatch.absenceLimit`), and what it deactivated by absence is spent. A batch over it is
 * rolled back by the store, and rethrown here with the operator's words.
 */
export function budgetedStore(store: Store, budget: DeactivationBudget): Store {
  const budgeted: Store = Object.create(store) as Store;
  budgeted.applyOrders = async (batch, runId, guard) => {
    const absenceLimit = {
      allowed: Number.isFinite(budget.limit) ? remaining(budget) : Number.MAX_SAFE_INTEGER,
      spend: (rows: number) => {
        budget.spent += rows;
      },
    };
    try {
      return await store.applyOrders({ ...batch, absenceLimit }, runId, guard);
    } catch (error) {
      if (!(error instanceof DeactivationLimitError)) throw error;
      const would = budget.spent + error.wouldDeactivate;
      throw new DeactivationLimitError(syncHeldMessage(budget, would), would, budget.limit, budget.activeRows);
    }
  };
  return budgeted;
}

const percentText = (part: number, whole: number): string => `${whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10}%`;

const WHAT_TO_DO =
  'Verifique no Odoo o acesso do usuário de integração (regras de registro, empresas permitidas) e o proxy à frente dele. ' +
  'Se as exclusões forem reais, confirme uma reconciliação: npm run --silent cli -- reconcile --confirm-deactivation --reason "…" ' +
  '(ou "Confirmar desativação" no console; a confirmação é auditada).';

/** Why a reconciliation stopped before deactivating the orders Odoo no longer listed. */
export function reconcileHeldMessage(budget: DeactivationBudget, goneOrders: number, wouldDeactivate: number): string {
  return (
    `Reconciliação interrompida: o Odoo deixou de listar ${goneOrders} pedido(s), o que desativaria ${wouldDeactivate} de ` +
    `${budget.activeRows} linhas ativas da carteira (${percentText(wouldDeactivate, budget.activeRows)}), acima do limite ` +
    `SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT=${budget.percent}%. Nada foi desativado. ${WHAT_TO_DO}`
  );
}

/** Why a sync's batch was rolled back: Odoo's answer lacked too much of what the table holds. */
function syncHeldMessage(budget: DeactivationBudget, wouldDeactivate: number): string {
  return (
    `Desativação em massa recusada: esta execução desativaria ${wouldDeactivate} de ${budget.activeRows} linhas ativas da carteira ` +
    `(${percentText(wouldDeactivate, budget.activeRows)}) porque o Odoo não as devolveu (pedidos ou linhas ausentes da resposta), acima do limite ` +
    `SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT=${budget.percent}%. O lote não foi gravado. ${WHAT_TO_DO}`
  );
}
