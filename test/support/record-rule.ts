/**
 * A record rule switched on and off in the Odoo simulator, as a company-access change does to
 * the integration user in a real Odoo: while it is on, the user's searches on the hidden models
 * find nothing (`[]`, a count of 0), on every protocol, and reading a hidden id by `search_read`
 * finds nothing either. The records themselves stay, and come back when it is switched off.
 */
import type { OdooSimulator } from '../../electron/engine/odoo-sim';

const SEARCHES = new Set(['search', 'search_read', 'search_count']);

export interface RecordRule {
  /** calls the rule answered */
  readonly hidden: number;
  on(): void;
  off(): void;
}

export function recordRule(sim: OdooSimulator, models: readonly string[] = ['sale.order', 'sale.order.line']): RecordRule {
  const orm = sim.orm;
  const original = orm.executeKw.bind(orm);
  let active = false;
  let hidden = 0;
  orm.executeKw = (model, method, args, kwargs, wire) => {
    if (active && models.includes(model) && SEARCHES.has(method)) {
      hidden++;
      return method === 'search_count' || (method === 'search' && (args[4] === true || kwargs.count === true)) ? 0 : [];
    }
    return original(model, method, args, kwargs, wire);
  };
  return {
    get hidden() {
      return hidden;
    },
    on: () => {
      active = true;
    },
    off: () => {
      active = false;
    },
  };
}
