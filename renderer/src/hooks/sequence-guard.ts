/**
 * Orders the answers of repeated requests for the same thing (the engine status): each
 * request takes an increasing number, and an answer is applied only when it is newer than
 * every answer applied so far, so a slow old answer never overwrites a newer one. Closed
 * (the component unmounted), it accepts nothing. Pure: no React, no timers.
 */
export class SequenceGuard {
  private issued = 0;
  private applied = 0;
  private closed = false;

  /** The number of a new request, higher than any before it. */
  next(): number {
    return ++this.issued;
  }

  /** Whether the answer to request `seq` (success or failure) is to be applied; when it is, older answers no longer are. */
  accept(seq: number): boolean {
    if (this.closed || seq <= this.applied || seq > this.issued) return false;
    this.applied = seq;
    return true;
  }

  /** The newest request whose answer was applied (0: none yet). */
  get newestApplied(): number {
    return this.applied;
  }

  /** The newest request issued (0: none yet). */
  get newestIssued(): number {
    return this.issued;
  }

  /** After this, every answer is dropped (the component that asked is gone). */
  close(): void {
    this.closed = true;
  }
}
