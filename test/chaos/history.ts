/**
 * What happened during the soak, in order: faults, runs, restarts, operator actions. Each
 * violation quotes an excerpt of it (the entries around its simulated time) so the seed and
 * that excerpt are enough to understand and replay it.
 */
export interface HistoryEntry {
  /** true simulated time (ISO) */
  at: string;
  /** real seconds since the soak started */
  real: number;
  /** which instance (slot/incarnation), or `harness`, `odoo`, `operator` */
  who: string;
  what: string;
  detail?: Record<string, unknown>;
}

export class History {
  readonly entries: HistoryEntry[] = [];

  private readonly realStart = performance.now();

  constructor(private readonly now: () => Date) {}

  add(who: string, what: string, detail?: Record<string, unknown>): void {
    const real = Math.round((performance.now() - this.realStart) / 100) / 10;
    this.entries.push({ at: this.now().toISOString(), real, who, what, ...(detail ? { detail } : {}) });
  }

  /** The entries within `minutes` of `at` (at most `max`, the latest: those leading up to it). */
  excerpt(at: Date, minutes = 60, max = 40): string[] {
    const from = at.getTime() - minutes * 60_000;
    const to = at.getTime() + minutes * 60_000;
    const near = this.entries.filter((entry) => {
      const time = Date.parse(entry.at);
      return time >= from && time <= to;
    });
    const trimmed = near.length > max ? near.slice(Math.max(0, near.length - max)) : near;
    return trimmed.map(formatEntry);
  }
}

export function formatEntry(entry: HistoryEntry): string {
  return `${entry.at} (+${entry.real}s) ${entry.who} ${entry.what}${entry.detail ? ` ${JSON.stringify(entry.detail)}` : ''}`;
}
