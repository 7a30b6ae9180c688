/**
 * (g) Never one answer deactivating in bulk (issue 16.1): no run — a reconciliation Odoo told
 * that no order exists, a sync whose orders came back empty — may leave more than the allowed
 * share of the carteira inactive where Odoo has it active. Counted on the table right after the
 * run: rows the run wrote last, inactive, whose order in Odoo has the key active.
 */
import type { CarteiraRecord } from '../../../electron/engine/store/types';
import type { ExpectedClaims } from '../../support/carteira-truth';
import type { Violation } from './violation';

/** A handful of rows is never bulk: an order read a moment before Odoo re-activated a key. */
const NEVER_BULK = 3;

export interface BulkCheckedRun {
  id: number;
  trigger: string;
  status: string;
}

/**
 * Rows `run` deactivated that Odoo has active now, and the most it may have: the share of the
 * active carteira (Odoo's, or the table's before the run, whichever is larger: the engine takes
 * the share of what the table held when the run began), and a handful for the races.
 */
export function wronglyDeactivated(
  run: BulkCheckedRun,
  table: readonly CarteiraRecord[],
  claims: ExpectedClaims,
  maxSharePercent: number,
): { rows: number; allowed: number } {
  let truthActive = 0;
  for (const rows of claims.values()) if (rows.some((row) => row.ativo)) truthActive++;
  let wrong = 0;
  let tableActive = 0;
  for (const row of table) {
    if (row.ativo) tableActive++;
    if (row.syncRunId !== run.id || row.ativo) continue;
    const claimant = claims.get(`${row.numPedido}|${row.codProduto}`)?.find((claim) => claim.orderId === row.odooOrderId);
    if (claimant?.ativo) wrong++;
  }
  const base = Math.max(truthActive, tableActive + wrong);
  return { rows: wrong, allowed: Math.max(NEVER_BULK, Math.floor((base * maxSharePercent) / 100)) + NEVER_BULK };
}

export function checkNoBulkDeactivation(
  run: BulkCheckedRun,
  table: readonly CarteiraRecord[],
  claims: ExpectedClaims,
  maxSharePercent: number,
  at: Date,
): Violation[] {
  const { rows, allowed } = wronglyDeactivated(run, table, claims, maxSharePercent);
  if (rows <= allowed) return [];
  return [
    {
      invariant: 'no-bulk-deactivation',
      at: at.toISOString(),
      message: `${run.trigger} run #${run.id} (${run.status}) left ${rows} rows inactive that Odoo has active, more than the ${allowed} (${maxSharePercent}% of the active carteira) one answer may take out`,
    },
  ];
}
