/**
 * (a) At most one writer per moment: every committed write carries the fence current in its
 * own transaction (a writer whose lock was taken over cannot commit), and the fences of
 * committed writes never go backwards.
 */
import type { ObservedWrite } from '../write-observer';
import type { Violation } from './violation';

export interface OneWriterResult {
  /** transactions that committed with a fence that was not the current one, or went backwards */
  concurrentWriters: number;
  violations: Violation[];
}

export class OneWriterChecker {
  private highestFence = 0;
  private readonly badTransactions = new Set<string>();
  readonly violations: Violation[] = [];

  /** Feeds writes in commit order (as the observer drains them). */
  check(writes: readonly ObservedWrite[], at: Date): void {
    for (const write of writes) {
      if (write.runFence === null || write.runFence !== write.currentFence) {
        this.flag(write, at, `row ${write.key} written by run ${write.runId} with fence ${write.runFence} while the current fence was ${write.currentFence}`);
      } else if (write.runFence < this.highestFence) {
        this.flag(write, at, `row ${write.key} committed with fence ${write.runFence} after fence ${this.highestFence} had committed`);
      }
      if (write.runFence !== null) this.highestFence = Math.max(this.highestFence, write.runFence);
    }
  }

  result(): OneWriterResult {
    return { concurrentWriters: this.badTransactions.size, violations: this.violations };
  }

  private flag(write: ObservedWrite, at: Date, message: string): void {
    if (this.badTransactions.has(write.txid)) return; // one violation per transaction
    this.badTransactions.add(write.txid);
    this.violations.push({ invariant: 'one-writer', at: at.toISOString(), message: `${message} (transaction ${write.txid})` });
  }
}
