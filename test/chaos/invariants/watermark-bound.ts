/**
 * (h) The watermark and the stored Odoo clock never run ahead of Odoo's clock (issue 16.6): a
 * row stamped 2099 is synced, but the watermark stays within Odoo's real time plus the clock
 * lead an instance may have (its skew, plus the minute the engine allows Odoo's clock to lead).
 */
import type { Violation } from './violation';

export interface StoredClocks {
  watermark: Date | null;
  odooSyncedTo: Date | null;
}

export function checkWatermarkBound(state: StoredClocks, now: Date, allowedLeadMs: number): Violation[] {
  const bound = now.getTime() + allowedLeadMs;
  const violations: Violation[] = [];
  for (const [name, value] of [
    ['watermark', state.watermark],
    ['odoo_synced_to', state.odooSyncedTo],
  ] as const) {
    if (value && value.getTime() > bound)
      violations.push({
        invariant: 'watermark-bounded',
        at: now.toISOString(),
        message: `sync_state.${name} is ${value.toISOString()}, beyond Odoo's clock (${now.toISOString()}) plus the ${Math.round(allowedLeadMs / 1000)} s an instance's clock may lead`,
      });
  }
  return violations;
}
