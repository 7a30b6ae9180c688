/** (b) No stale overwrite: no row's `odoo_write_date` ever decreases. */
import type { ObservedWrite } from '../write-observer';
import type { Violation } from './violation';

export class NoStaleOverwriteChecker {
  readonly violations: Violation[] = [];

  check(writes: readonly ObservedWrite[], at: Date): void {
    for (const write of writes) {
      if (write.op === 'UPDATE' && write.oldWriteDate && write.newWriteDate < write.oldWriteDate) {
        this.violations.push({
          invariant: 'no-stale-overwrite',
          at: at.toISOString(),
          message: `row ${write.key}: odoo_write_date went back from ${write.oldWriteDate.toISOString()} to ${write.newWriteDate.toISOString()} (run ${write.runId})`,
        });
      }
    }
  }

  get staleOverwrites(): number {
    return this.violations.length;
  }
}
