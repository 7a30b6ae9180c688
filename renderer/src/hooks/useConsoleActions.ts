/**
 * What the operator can do from the console: sync now, reconcile, fill a gap, recover a window or
 * a range, pause/resume the schedule, release the lock. Each action shows a notice (in progress,
 * then its outcome, in the console's language), keeps a pending flag while it runs, and asks for
 * a fresh status when it is done.
 */
import { useCallback, useState } from 'react';
import type { RunRequest } from '../../../shared/console-schemas';
import type { Interval } from '../../../shared/coverage';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { causeLine } from '../../../shared/failure-text';
import { consoleApi } from '../api';
import { engineErrorOf } from '../api/engine-error';
import { describeRelease, describeReport, type Notice } from '../features/actions/notice';
import { releaseRequest } from '../features/lock/lock-model';
import { useI18n } from '../i18n/i18n';

export type PendingAction = 'sync' | 'reconcile';

export interface ConsoleActions {
  pending: Partial<Record<PendingAction, boolean>>;
  notice: Notice | null;
  dismissNotice: () => void;
  syncNow: () => void;
  reconcile: () => void;
  fillGap: (gap: Interval) => void;
  /** a recovery run (window of N minutes or a range), labelled as the form says */
  recover: (request: RunRequest, label: string) => void;
  /** for the resume dialog: audited with its reason, like a pause; rejects when the engine refuses */
  resume: (reason: string) => Promise<void>;
  /** for the pause dialog: rejects when the engine refuses, so the dialog shows why */
  pause: (reason: string) => Promise<void>;
  /** for the release dialog: releases only while the key holds exactly the value shown (or, without one, `holder`'s token) */
  releaseLock: (holder: LockHolderInfo, reason: string) => Promise<void>;
  /** for the confirm-deactivation dialog: a reconciliation that deactivates what Odoo no longer lists (audited) */
  confirmDeactivation: (reason: string) => Promise<void>;
}

export function useConsoleActions(refresh: () => void): ConsoleActions {
  const words = useI18n();
  const { m, f } = words;
  const [pending, setPending] = useState<Partial<Record<PendingAction, boolean>>>({});
  const [notice, setNotice] = useState<Notice | null>(null);

  const act = useCallback(
    async (key: PendingAction, label: string, action: () => Promise<Notice | null>) => {
      setPending((previous) => ({ ...previous, [key]: true }));
      setNotice({ kind: 'info', text: `${label}…`, at: Date.now() });
      try {
        setNotice(await action());
      } catch (error) {
        // the engine's cause when it gave one (its PostgreSQL unreachable, say), else "see the details"
        const { message, cause } = engineErrorOf(error);
        const text = cause ? m.actions.failedBecause(label, causeLine(cause, m)) : m.actions.failed(label);
        setNotice({ kind: 'error', text, at: Date.now(), detail: message });
      } finally {
        setPending((previous) => ({ ...previous, [key]: false }));
        refresh();
      }
    },
    [refresh, m],
  );

  const syncNow = useCallback(
    () =>
      void act('sync', m.actions.syncNow, async () =>
        describeReport(m.actions.syncNow, await consoleApi.runSync({ kind: 'planned', trigger: 'manual' }), words),
      ),
    [act, m, words],
  );
  const reconcile = useCallback(
    () => void act('reconcile', m.actions.reconcile, async () => describeReport(m.actions.reconcile, await consoleApi.reconcile(), words)),
    [act, m, words],
  );
  const recover = useCallback(
    (request: RunRequest, label: string) => void act('sync', label, async () => describeReport(label, await consoleApi.runSync(request), words)),
    [act, words],
  );
  const fillGap = useCallback(
    (gap: Interval) =>
      void act('sync', m.actions.fillGapLabel(f.time(gap.from), f.time(gap.to)), async () =>
        describeReport(
          m.actions.fillGap,
          await consoleApi.runSync({ kind: 'range', from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() }),
          words,
        ),
      ),
    [act, m, f, words],
  );
  const resume = useCallback(
    async (reason: string) => {
      await consoleApi.resume({ reason });
      setNotice({ kind: 'ok', text: m.actions.resumed, at: Date.now() });
      refresh();
    },
    [refresh, m],
  );

  const pause = useCallback(
    async (reason: string) => {
      await consoleApi.pause({ reason });
      setNotice({ kind: 'warn', text: m.actions.paused(reason), at: Date.now() });
      refresh();
    },
    [refresh, m],
  );
  const releaseLock = useCallback(
    async (holder: LockHolderInfo, reason: string) => {
      const outcome = await consoleApi.releaseLock(releaseRequest(holder, reason));
      setNotice(describeRelease(outcome, holder, words));
      refresh();
    },
    [refresh, words],
  );
  const confirmDeactivation = useCallback(
    async (reason: string) => {
      setPending((previous) => ({ ...previous, reconcile: true }));
      try {
        setNotice(describeReport(m.actions.confirmDeactivation, await consoleApi.confirmDeactivation({ reason }), words));
      } finally {
        setPending((previous) => ({ ...previous, reconcile: false }));
        refresh();
      }
    },
    [refresh, m, words],
  );
  const dismissNotice = useCallback(() => setNotice(null), []);

  return { pending, notice, dismissNotice, syncNow, reconcile, fillGap, recover, resume, pause, releaseLock, confirmDeactivation };
}
