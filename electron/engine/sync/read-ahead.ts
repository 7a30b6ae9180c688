/**
 * Bounded parallel reads: a limiter that keeps at most N Odoo calls in flight
 * (SYNC_ODOO_PARALLEL_READS, never unbounded), and a read-ahead that starts tasks while
 * earlier results are still being written, hands results over in the order they were asked
 * for, and keeps at most `ahead` of them started and not yet taken (memory follows N, never
 * the size of the read).
 */

export class ReadLimiter {
  private active = 0;
  /** waiting calls, lowest priority number first (first come, first served within one) */
  private readonly waiting: Array<{ priority: number; resume: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError('the parallel read limit must be a positive integer');
  }

  /**
   * Runs `work` once a slot is free. A lower `priority` goes first: the reads of the group the
   * writer needs next are not queued behind reads for groups after it.
   */
  async run<T>(work: () => Promise<T>, priority = 0): Promise<T> {
    // A released slot is handed to the next waiter directly, so `active` never passes the limit.
    if (this.active < this.limit) this.active++;
    else
      await new Promise<void>((resume) => {
        const at = this.waiting.findIndex((waiter) => waiter.priority > priority);
        this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, resume });
      });
    try {
      return await work();
    } finally {
      // Handed over on the next turn of the event loop, not at once: the caller of the call
      // that just ended goes on first, and its next read (its group's products, say) is then
      // queued, so it competes for this slot with the priority it has.
      setImmediate(() => this.release());
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.resume();
    else this.active--;
  }
}

/**
 * Starts the tasks `produce` yields, at most `ahead` started and not yet taken, and yields
 * their results in order. The producer runs on its own (it may read Odoo itself), so results
 * already there are taken while it works. A failure surfaces at its turn; when the consumer
 * stops early, nothing more is started and nothing started is left unhandled.
 */
export async function* readAhead<T>(produce: AsyncIterable<() => Promise<T>>, ahead: number): AsyncGenerator<T, void, undefined> {
  const queue: Promise<T>[] = [];
  let finished = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: 'consumer' | 'producer'): void => {
    const resume = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = null;
    else wakeProducer = null;
    resume?.();
  };

  void (async () => {
    try {
      for await (const task of produce) {
        if (stopped) break;
        const started = task();
        started.catch(() => undefined); // taken (and its failure thrown) at its turn, or dropped after a stop
        queue.push(started);
        wake('consumer');
        while (queue.length >= ahead && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
        if (stopped) break;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake('consumer');
    }
  })();

  try {
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (finished) {
          if (failure) throw (failure as { error: unknown }).error;
          return;
        }
        await new Promise<void>((resolve) => (wakeConsumer = resolve));
        continue;
      }
      wake('producer');
      yield await next;
    }
  } finally {
    stopped = true;
    wake('producer');
  }
}
