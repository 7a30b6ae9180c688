/**
 * Desktop notifications from successive statuses: a run failed (and again while it keeps
 * failing, at most once per schedule interval), a gap appeared, the lock is held by a holder
 * that is not a live run for longer than the TTL, Redis became unreachable (degraded lock),
 * back to OK after Crítico. Each kind has a cooldown, the whole has a burst cap, each kind can be
 * muted; clicking one opens the console at the panel that explains it.
 *
 * The watcher is plain logic over `EngineStatus`; only `postNotification` touches Electron.
 */
import { Notification } from 'electron';
import type { EngineStatus } from '../../shared/engine-types';
import { causeLine } from '../../shared/failure-text';
import { diagnoseLock, isStuck } from '../../shared/lock-diagnosis';
import type { Messages } from '../../shared/messages';
import type { ConsolePanel } from './window';

import type { NotificationKind } from '../../shared/desktop-settings';

export type { NotificationKind } from '../../shared/desktop-settings';

/** Where a click on each kind opens the console. */
const NOTIFICATION_PANEL: Record<NotificationKind, ConsolePanel> = {
  runFailed: 'runs',
  gap: 'timeline',
  staleLock: 'lock',
  redisDown: 'lock',
  recovered: 'health',
};

export interface DesktopNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  panel: ConsolePanel;
}

/** The same kind is not repeated sooner than this (a failing run: once per schedule interval). */
const KIND_COOLDOWN_MS = 10 * 60_000;
/** At most this many notifications in any minute, whatever their kinds. */
export const BURST_PER_MINUTE = 3;

export interface HealthWatcherOptions {
  messages: () => Messages;
  /** the kinds the operator muted (settings) */
  muted: () => readonly NotificationKind[];
  post: (notification: DesktopNotification) => void;
}

const MINUTE = 60_000;

export class HealthWatcher {
  private baseline = false;
  private lastRunId = 0;
  private hadGaps = false;
  private degraded = false;
  private sawCritical = false;
  private notifiedHolder: string | null = null;
  private readonly lastPosted = new Map<NotificationKind, number>();
  private recent: number[] = [];

  constructor(private readonly options: HealthWatcherOptions) {}

  /** Compares `status` with what was seen before; posts (and returns) what is news. */
  observe(status: EngineStatus, now: number): DesktopNotification[] {
    const m = this.options.messages().desktop.notify;
    const due: { notification: DesktopNotification; cooldownMs: number; onAdmitted?: () => void }[] = [];
    const add = (kind: NotificationKind, title: string, body: string, cooldownMs = KIND_COOLDOWN_MS, onAdmitted?: () => void) =>
      due.push({ notification: { kind, title, body, panel: NOTIFICATION_PANEL[kind] }, cooldownMs, onAdmitted });

    // Runs that finished since the last look, oldest first (the first look only sets the baseline).
    const newRuns = status.recentRuns.filter((run) => run.id !== null && run.id > this.lastRunId && run.status !== 'running').reverse();
    for (const run of newRuns) this.lastRunId = Math.max(this.lastRunId, run.id!);
    const failed = newRuns.filter((run) => run.status === 'failed' || run.status === 'aborted');
    if (this.baseline && failed.length > 0) {
      const newest = failed[failed.length - 1];
      const streak = consecutiveFailures(status);
      const intervalMs = status.settings.intervalMinutes * MINUTE;
      // the body says why and what to do, in the catalogue's words; the engine's text only when no cause is known
      const body = newest.cause ? causeLine(newest.cause, this.options.messages()) : (newest.error ?? '');
      if (streak <= 1) add('runFailed', m.runFailed(String(newest.id)), body, 0);
      else add('runFailed', m.runStillFailing(streak), body, intervalMs);
    }

    const hasGaps = status.coverage.gaps.length > 0;
    if (this.baseline && hasGaps && !this.hadGaps) add('gap', m.gap, m.gapBody);
    this.hadGaps = hasGaps;

    const diagnosis = diagnoseLock(status, now);
    const ttlMs = status.settings.lockTimeoutSeconds * 1000;
    if (diagnosis && isStuck(diagnosis) && diagnosis.ageMs > ttlMs) {
      const token = diagnosis.holder.token;
      // The holder counts as told only once the notice is actually shown (not muted, not over the burst cap).
      if (this.notifiedHolder !== token)
        add('staleLock', m.staleLock, m.staleLockBody(diagnosis.holder.owner, Math.floor(diagnosis.ageMs / MINUTE)), KIND_COOLDOWN_MS, () => {
          this.notifiedHolder = token;
        });
    } else if (!diagnosis) this.notifiedHolder = null;

    const degraded = status.lock.redisReachable === false;
    if (this.baseline && degraded && !this.degraded) add('redisDown', m.redisDown, m.redisDownBody(status.lock.backend));
    this.degraded = degraded;

    const level = status.health.level;
    if (level === 'critical') this.sawCritical = true;
    else if (level === 'ok' && this.sawCritical) {
      this.sawCritical = false;
      if (this.baseline) add('recovered', m.recovered, m.recoveredBody);
    }

    this.baseline = true;
    const admitted = due.filter(({ notification, cooldownMs }) => this.admit(notification, cooldownMs, now));
    for (const { onAdmitted } of admitted) onAdmitted?.();
    return admitted.map(({ notification }) => notification);
  }

  /** Muted kinds are dropped silently; cooldown per kind; a burst cap over all kinds. */
  private admit(notification: DesktopNotification, cooldownMs: number, now: number): boolean {
    if (this.options.muted().includes(notification.kind)) return false;
    const last = this.lastPosted.get(notification.kind);
    if (last !== undefined && now - last < Math.max(cooldownMs, 0)) return false;
    this.recent = this.recent.filter((at) => now - at < MINUTE);
    if (this.recent.length >= BURST_PER_MINUTE) return false;
    this.recent.push(now);
    this.lastPosted.set(notification.kind, now);
    this.options.post(notification);
    return true;
  }
}

/** The failures rule's current value (failed/aborted syncs since the last success). */
function consecutiveFailures(status: EngineStatus): number {
  return status.health.rules.find((rule) => rule.id === 'failures')?.value ?? 1;
}

/** Notifications on screen: held until clicked or closed, since one collected early loses its click handler. */
const onScreen = new Set<Notification>();

/** Shows one notification; a click opens the console at its panel. */
export function postNotification(notification: Pick<DesktopNotification, 'title' | 'body' | 'panel'>, open: (panel: ConsolePanel) => void): void {
  if (!Notification.isSupported()) return;
  const shown = new Notification({ title: notification.title, body: notification.body });
  onScreen.add(shown);
  shown.on('click', () => {
    onScreen.delete(shown);
    open(notification.panel);
  });
  shown.on('close', () => onScreen.delete(shown));
  shown.show();
}
