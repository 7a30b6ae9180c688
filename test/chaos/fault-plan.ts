/**
 * Which faults the soak injects and when, decided by the seed before the soak starts. The
 * first day holds one of every kind (so even the one-day CI soak meets them all); the rest
 * are drawn by weight. Operator recoveries are not planned: they answer the gaps the engine
 * reports, and are counted with the faults.
 */
import type { Prng } from './prng';

export const PLANNED_FAULT_KINDS = [
  'kill-9',
  'deploy-stop',
  'blue-green',
  'redis-down',
  'redis-auth-error',
  'lock-del',
  'forced-release',
  'postgres-cut',
  'odoo-5xx',
  'odoo-timeout',
  'odoo-truncated',
  'odoo-malformed',
  'odoo-slow-past-lock-ttl',
  'late-commit-inside-overlap',
  'late-commit-beyond-overlap',
  'clock-skew',
  'long-downtime',
  'odoo-empty-list',
  'odoo-capped-pages',
  'postgres-stall',
  'row-lock-held',
  'master-data-edit',
  'future-write-date',
  'duplicate-order-name',
] as const;

export type PlannedFaultKind = (typeof PLANNED_FAULT_KINDS)[number];
export type FaultKind = PlannedFaultKind | 'operator-recovery';

/** Relative frequencies after the first day: cheap faults often, the ones that cost real seconds (slow, timeout) or hours (downtime) rarely. */
const WEIGHTS: Record<PlannedFaultKind, number> = {
  'kill-9': 10,
  'deploy-stop': 8,
  'blue-green': 6,
  'redis-down': 8,
  'redis-auth-error': 6,
  'lock-del': 8,
  'forced-release': 6,
  'postgres-cut': 10,
  'odoo-5xx': 10,
  'odoo-timeout': 2,
  'odoo-truncated': 8,
  'odoo-malformed': 8,
  'odoo-slow-past-lock-ttl': 2,
  'late-commit-inside-overlap': 10,
  'late-commit-beyond-overlap': 8,
  'clock-skew': 5,
  'long-downtime': 1,
  'odoo-empty-list': 2,
  'odoo-capped-pages': 6,
  'postgres-stall': 2,
  'row-lock-held': 3,
  'master-data-edit': 10,
  'future-write-date': 2,
  'duplicate-order-name': 3,
};

export interface PlannedFault {
  /** minutes after the soak's start */
  minute: number;
  kind: PlannedFaultKind;
}

const DAY_MINUTES = 24 * 60;
const LATEST_FIRST_DOWNTIME_MINUTE = 12 * 60;
/** The first day's empty list is planned before the first reconciliation (03:00) and waits for it, so even a one-day soak has one meet it. */
const LATEST_FIRST_EMPTY_LIST_MINUTE = 2 * 60 + 30;

/** About `perDay` faults a day, sorted by time; nothing in the first hour (the full load) or the last hour (the final checks). */
export function planFaults(random: Prng, days: number, perDay = 24): PlannedFault[] {
  const total = days * DAY_MINUTES;
  const usable = { from: 60, to: total - 60 };
  const faults: PlannedFault[] = [];
  const firstDayEnd = Math.min(DAY_MINUTES, usable.to);
  for (const kind of random.shuffle(PLANNED_FAULT_KINDS)) {
    // The first day's long downtime starts in its first half, so the gap it leaves is reported and
    // an operator recovers it within the day (even in a one-day soak).
    const latest =
      kind === 'long-downtime'
        ? Math.min(firstDayEnd, LATEST_FIRST_DOWNTIME_MINUTE)
        : kind === 'odoo-empty-list'
          ? Math.min(firstDayEnd, LATEST_FIRST_EMPTY_LIST_MINUTE)
          : firstDayEnd;
    faults.push({ minute: random.int(usable.from, latest), kind });
  }
  const extra = Math.max(0, Math.round(perDay * days) - faults.length);
  const entries = Object.entries(WEIGHTS) as Array<[PlannedFaultKind, number]>;
  const sum = entries.reduce((total, [, weight]) => total + weight, 0);
  for (let i = 0; i < extra; i++) {
    let roll = random.next() * sum;
    const kind = entries.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? entries[0][0];
    faults.push({ minute: random.int(usable.from, usable.to), kind });
  }
  return faults.sort((a, b) => a.minute - b.minute);
}
