/**
 * What the operator can do from the console: sync now, reconcile, fill a gap, pause/resume the
 * schedule, release the lock. Each action shows a notice (in progress, then its outcome), keeps a
 * pending flag while it runs, and asks for a fresh status when it is done.
 */
import { useCallback, useState } from 'react';
import type { Interval } from '../../../shared/coverage';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { consoleApi } from '../api';
import { describeRelease, describeReport, type Notice } from '../features/actions/notice';
import { formatTime } from '../format';

export type PendingAction = 'sync' | 'reconcile' | 'resume';

export interface ConsoleActions {
  pending: Partial<Record<PendingAction, boolean>>;
  notice: Notice | null;
  dismissNotice: () => void;
  syncNow: () => void;
  reconcile: () => void;
  fillGap: (gap: Interval) => void;
  resume: () => void;
  /** for the pause dialog: rejects when the engine refuses, so the dialog shows why */
  pause: (reason: string) => Promise<void>;
  /** for the release dialog: releases only if `holder` still holds the lock (its token) */
  releaseLock: (holder: LockHolderInfo, reason: string) => Promise<void>;
}

export function useConsoleActions(refresh: () => void): ConsoleActions {
  const [pending, setPending] = useState<Partial<Record<PendingAction, boolean>>>({});
  const [notice, setNotice] = useState<Notice | null>(null);

  const act = useCallback(
    async (key: PendingAction, label: string, action: () => Promise<Notice | null>) => {
      setPending((previous) => ({ ...previous, [key]: true }));
      setNotice({ kind: 'info', text: `${label}…`, at: Date.now() });
      try {
        setNotice(await action());
      } catch (error) {
        setNotice({ kind: 'error', text: `${label} failed: ${(error as Error).message}`, at: Date.now() });
      } finally {
        setPending((previous) => ({ ...previous, [key]: false }));
        refresh();
      }
    },
    [refresh],
  );

  const syncNow = useCallback(
    () => void act('sync', 'Sync now', async () => describeReport('Sync now', await consoleApi.runSync({ kind: 'planned', trigger: 'manual' }))),
    [act],
  );
  const reconcile = useCallback(() => void act('reconcile', 'Reconcile', async () => describeReport('Reconcile', await consoleApi.reconcile())), [act]);
  const fillGap = useCallback(
    (gap: Interval) =>
      void act('sync', `Fill gap ${formatTime(gap.from)} → ${formatTime(gap.to)}`, async () =>
        describeReport('Fill gap', await consoleApi.runSync({ kind: 'range', from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() })),
      ),
    [act],
  );
  const resume = useCallback(
    () =>
      void act('resume', 'Resume', async () => {
        await consoleApi.resume();
        return { kind: 'ok', text: 'Scheduled runs resumed.', at: Date.now() };
      }),
    [act],
  );

  const pause = useCallback(
    async (reason: string) => {
      await consoleApi.pause({ reason });
      setNotice({ kind: 'warn', text: `Scheduled runs paused: ${reason}`, at: Date.now() });
      refresh();
    },
    [refresh],
  );
  const releaseLock = useCallback(
    async (holder: LockHolderInfo, reason: string) => {
      const outcome = await consoleApi.releaseLock({ expectedToken: holder.token, reason });
      setNotice(describeRelease(outcome, holder.owner));
      refresh();
    },
    [refresh],
  );
  const dismissNotice = useCallback(() => setNotice(null), []);

  return { pending, notice, dismissNotice, syncNow, reconcile, fillGap, resume, pause, releaseLock };
}
