/**
 * The operations console: what is happening now (alerts), the status cards (last run,
 * watermark, lock, schedule, totals), the timeline of sync windows with their gaps, the runs
 * and the live log. Each feature lives in features/; the engine streams come from hooks/.
 */
import { useCallback, useState } from 'react';
import { ActionButtons } from './features/actions/ActionButtons';
import { NoticeAlert } from './features/actions/NoticeAlert';
import { PauseDialog } from './features/actions/PauseDialog';
import { DegradedAlert } from './features/lock/DegradedAlert';
import { LockCard } from './features/lock/LockCard';
import { ReleaseLockDialog } from './features/lock/ReleaseLockDialog';
import { LogPanel } from './features/log/LogPanel';
import { RunsTable } from './features/runs/RunsTable';
import { LastRunCard, ScheduleCard, TotalsCard, WatermarkCard } from './features/status/StatusCards';
import { LastRunFailedAlert, PausedAlert, RunningAlert, StaleAlert } from './features/status/StatusAlerts';
import { Loading, TopBar, type Connection } from './features/status/TopBar';
import { isStale } from './features/status/status-model';
import { GapsAlert } from './features/timeline/GapsAlert';
import { Timeline } from './features/timeline/Timeline';
import { useConsoleActions } from './hooks/useConsoleActions';
import { POLL_MS, useEngineStatus } from './hooks/useEngineStatus';
import { useEngineLog } from './hooks/useEngineLog';
import { useNow } from './hooks/useNow';

export function App() {
  const clock = useNow();
  const engine = useEngineStatus();
  const log = useEngineLog();
  const actions = useConsoleActions(engine.refresh);
  const [dialog, setDialog] = useState<'pause' | 'release' | null>(null);
  const closeDialog = useCallback(() => setDialog(null), []);

  const { status, fetchError, receivedAt } = engine;
  const { pending } = actions;
  if (!status) return <Loading fetchError={fetchError} />;

  const now = clock + engine.skew;
  // The status may have arrived after the last tick of the clock.
  const sinceFetch = Math.max(0, clock - receivedAt);
  const connection: Connection = { stale: isStale(fetchError, sinceFetch, POLL_MS), sinceFetch, receivedAt, fetchError };
  const running = engine.progress ?? status.running;
  const runBusy = Boolean(pending.sync || pending.reconcile || running);
  const holder = status.lock.holder;

  return (
    <div className={`app${status.mode === 'demo' ? ' is-demo' : ''}`}>
      <TopBar status={status} now={now} connection={connection}>
        <ActionButtons
          busy={runBusy}
          running={Boolean(running)}
          syncing={Boolean(pending.sync)}
          reconciling={Boolean(pending.reconcile)}
          onSync={actions.syncNow}
          onReconcile={actions.reconcile}
        />
      </TopBar>

      <div className="alerts">
        <StaleAlert connection={connection} />
        <PausedAlert paused={status.paused} now={now} onResume={actions.resume} resuming={Boolean(pending.resume)} />
        <LastRunFailedAlert lastRun={status.lastRun} now={now} />
        <GapsAlert gaps={status.coverage.gaps} />
        <DegradedAlert lock={status.lock} />
        <RunningAlert running={running} now={now} />
        <NoticeAlert notice={actions.notice} onDismiss={actions.dismissNotice} />
      </div>

      <section className="cards">
        <LastRunCard status={status} now={now} />
        <WatermarkCard status={status} now={now} />
        <LockCard status={status} now={now} sinceFetch={sinceFetch} onRelease={() => setDialog('release')} />
        <ScheduleCard status={status} now={now} onPause={() => setDialog('pause')} onResume={actions.resume} resuming={Boolean(pending.resume)} />
        <TotalsCard totals={status.totals} />
      </section>

      <Timeline status={status} now={now} busy={runBusy} onFillGap={actions.fillGap} />

      <div className="bottom">
        <RunsTable runs={status.recentRuns} now={now} />
        <LogPanel lines={log.lines} onClear={log.clear} />
      </div>

      {dialog === 'pause' && <PauseDialog onPause={actions.pause} onClose={closeDialog} />}
      {dialog === 'release' && holder && (
        <ReleaseLockDialog holder={holder} now={now} onRelease={(reason) => actions.releaseLock(holder, reason)} onClose={closeDialog} />
      )}
    </div>
  );
}
