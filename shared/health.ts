/**
 * The health verdict — OK / Atenção / Crítico — from the status alone, by the old runbook's
 * monitoring rules: time between runs ~30 min, run duration < 5 min, orders processed not
 * always 0 (never flagging a quiet Odoo), no lock errors; plus consecutive failures, a stuck
 * lock, keys two same-named orders claim, and a reconciliation waiting for an operator to confirm
 * a mass deactivation. One pure function, used by the console, `/metrics` (`carteira_sync_health`), and the
 * tray and notifications. Each rule says its threshold and its current value.
 */
import type { EngineStatus, HealthLevel, HealthRule, HealthThresholds, HealthVerdict, RunSummary } from './engine-types';
import { isFreshSync } from './fresh-sync';
import { diagnoseLock, isStuck } from './lock-diagnosis';

export type { HealthLevel, HealthRule, HealthRuleId, HealthThresholds, HealthVerdict } from './engine-types';

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { sinceSuccessWarnFactor: 1.5, maxRunMinutes: 5, failuresCritical: 2, zeroOrderRuns: 3 };

export type HealthInput = Pick<
  EngineStatus,
  'lastSuccess' | 'recentRuns' | 'running' | 'lock' | 'settings' | 'odooChanges' | 'lockHolderProcess' | 'coverage' | 'keyCollisions'
>;

const MINUTE = 60_000;
const RANK: Record<HealthLevel, number> = { ok: 0, warn: 1, critical: 2 };

/** 0 OK, 1 Atenção, 2 Crítico (the `carteira_sync_health` gauge). */
export const healthValue = (level: HealthLevel): number => RANK[level];

const worst = (levels: HealthLevel[]): HealthLevel => levels.reduce<HealthLevel>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');

const isSync = (run: RunSummary) => run.trigger !== 'reconcile';
const ended = (run: RunSummary) => run.status === 'failed' || run.status === 'aborted';
const tookMs = (run: RunSummary) => (run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null);

/** The verdict at `now` (epoch ms), with the status's own thresholds unless others are given. */
export function healthVerdict(status: HealthInput, now: number, thresholds: HealthThresholds = status.settings.health): HealthVerdict {
  const rules = [
    sinceSuccessRule(status, now, thresholds),
    gapsRule(status),
    durationRule(status, now, thresholds),
    failuresRule(status, thresholds),
    staleLockRule(status, now),
    lockErrorsRule(status),
    zeroOrdersRule(status, thresholds),
    keyCollisionsRule(status),
    heldDeactivationRule(status),
  ];
  return { level: worst(rules.map((rule) => rule.level)), rules };
}

/** Atenção beyond factor × interval (a slot was missed), Crítico beyond interval + window (a gap is forming). */
function sinceSuccessRule(status: HealthInput, now: number, t: HealthThresholds): HealthRule {
  const { intervalMinutes, windowMinutes } = status.settings;
  const warnAt = t.sinceSuccessWarnFactor * intervalMinutes * MINUTE;
  const criticalAt = (intervalMinutes + windowMinutes) * MINUTE;
  const at = status.lastSuccess ? Date.parse(status.lastSuccess.finishedAt ?? status.lastSuccess.startedAt) : null;
  const value = at === null ? null : Math.max(0, now - at);
  // Never synced: not OK, but not a gap either (the first load is what is missing).
  const level: HealthLevel = value === null ? 'warn' : value > criticalAt ? 'critical' : value > warnAt ? 'warn' : 'ok';
  return { id: 'sinceSuccess', level, checked: true, value, unit: 'ms', warnAt, criticalAt };
}

/** A gap already in coverage (beyond the catch-up bound): changes made then may be missing until it is filled. */
function gapsRule(status: HealthInput): HealthRule {
  const value = status.coverage.gaps.reduce((sum, gap) => sum + (gap.to - gap.from), 0);
  return { id: 'gaps', level: value > 0 ? 'critical' : 'ok', checked: true, value, unit: 'ms', warnAt: null, criticalAt: 0 };
}

/** The run in progress when it is already over the limit, else the newest finished sync (a full load is not measured). */
function durationRule(status: HealthInput, now: number, t: HealthThresholds): HealthRule {
  const warnAt = t.maxRunMinutes * MINUTE;
  const running = status.running ? now - Date.parse(status.running.startedAt) : null;
  const base = { id: 'duration' as const, checked: true, unit: 'ms' as const, warnAt, criticalAt: null };
  if (running !== null && running > warnAt) return { ...base, level: 'warn', value: running, note: 'running' };
  const last = status.recentRuns.find((run) => isSync(run) && run.status !== 'running' && run.status !== 'skipped' && !run.fullLoad);
  const value = last ? tookMs(last) : null;
  return { ...base, level: value !== null && value > warnAt ? 'warn' : 'ok', value };
}

/** Failed or aborted syncs since the last success (skips, reconciliations and recoveries of earlier stretches neither count nor reset). */
function failuresRule(status: HealthInput, t: HealthThresholds): HealthRule {
  let value = 0;
  for (const run of status.recentRuns) {
    if (isFreshSync(run)) break;
    if (isSync(run) && ended(run)) value++;
  }
  const level: HealthLevel = value >= t.failuresCritical ? 'critical' : value >= 1 ? 'warn' : 'ok';
  return { id: 'failures', level, checked: true, value, unit: 'count', warnAt: 1, criticalAt: t.failuresCritical };
}

/** A holder that is not a live run: Atenção; once it made runs skip, Crítico. The value is the skips since it took the lock. */
function staleLockRule(status: HealthInput, now: number): HealthRule {
  const diagnosis = diagnoseLock(status, now);
  const base = { id: 'staleLock' as const, checked: true, unit: 'count' as const, warnAt: 0, criticalAt: 1 };
  if (!diagnosis || !isStuck(diagnosis)) return { ...base, level: 'ok', value: 0 };
  const since = Date.parse(diagnosis.holder.acquiredAt);
  const skips = status.recentRuns.filter((run) => run.problem === 'lockHeld' && Date.parse(run.startedAt) >= since).length;
  return { ...base, level: skips >= 1 ? 'critical' : 'warn', value: skips, note: 'stuck' };
}

/** The runbook's "no lock errors": a lock that cannot be inspected, or a fallback backend although Redis is configured. */
function lockErrorsRule(status: HealthInput): HealthRule {
  const note = status.lock.error ? 'error' : status.lock.degraded ? 'degraded' : undefined;
  return { id: 'lockErrors', level: note ? 'warn' : 'ok', checked: true, value: note ? 1 : 0, unit: 'count', warnAt: 1, criticalAt: null, note };
}

/** Successful incremental syncs in a row with 0 orders; only flagged when Odoo is known to change (never a quiet Odoo). */
function zeroOrdersRule(status: HealthInput, t: HealthThresholds): HealthRule {
  let value = 0;
  for (const run of status.recentRuns) {
    if (!isFreshSync(run) || run.fullLoad) continue;
    if (run.ordersSeen > 0) break;
    value++;
  }
  const checked = status.odooChanges === 'expected';
  const level: HealthLevel = checked && value >= t.zeroOrderRuns ? 'warn' : 'ok';
  return { id: 'zeroOrders', level, checked, value, unit: 'count', warnAt: t.zeroOrderRuns, criticalAt: null, note: checked ? undefined : 'quiet' };
}

/** Keys two Odoo orders with the same name claim: one order's line is not in the carteira until one is renamed in Odoo. */
function keyCollisionsRule(status: HealthInput): HealthRule {
  const value = status.keyCollisions.total;
  return { id: 'keyCollisions', level: value > 0 ? 'warn' : 'ok', checked: true, value, unit: 'count', warnAt: 1, criticalAt: null };
}

/**
 * Reconciliations that stopped before a mass deactivation since the last one that succeeded: the
 * orders Odoo stopped listing wait for an operator to confirm (nothing was lost, nothing applied).
 */
function heldDeactivationRule(status: HealthInput): HealthRule {
  let value = 0;
  for (const run of status.recentRuns) {
    if (run.trigger !== 'reconcile') continue;
    if (run.status === 'succeeded') break;
    if (run.problem === 'deactivationHeld') value++;
  }
  return { id: 'heldDeactivation', level: value > 0 ? 'warn' : 'ok', checked: true, value, unit: 'count', warnAt: 1, criticalAt: null };
}
