/**
 * The operations console: the health verdict with its rules, what is happening now (alerts), the
 * status cards (last run, watermark, lock, schedule, totals), the recovery form, the timeline of
 * sync windows with their gaps, the runs, the audit and the live log. Each feature lives in
 * features/; the engine streams come from hooks/; every word from the catalogue (i18n/).
 */
import { useCallback, useState } from 'react';
import type { Interval } from '../../shared/coverage';
import type { RunSummary } from '../../shared/engine-types';
import { healthVerdict } from '../../shared/health';
import { diagnoseLock } from '../../shared/lock-diagnosis';
import { ActionButtons } from './features/actions/ActionButtons';
import { NoticeAlert } from './features/actions/NoticeAlert';
import { ReasonActionDialog } from './features/actions/ReasonActionDialog';
import { AuditPanel } from './features/audit/AuditPanel';
import { HealthPanel } from './features/health/HealthPanel';
import { DegradedAlert } from './features/lock/DegradedAlert';
import { LockCard } from './features/lock/LockCard';
import { ReleaseLockDialog } from './features/lock/ReleaseLockDialog';
import { LogPanel } from './features/log/LogPanel';
import { RecoveryPanel } from './features/recovery/RecoveryPanel';
import { RunsTable } from './features/runs/RunsTable';
import { LastRunCard, ScheduleCard, TotalsCard, WatermarkCard } from './features/status/StatusCards';
import { LastRunFailedAlert, PausedAlert, RunningAlert, StaleAlert } from './features/status/StatusAlerts';
import { KeyCollisionsAlert } from './features/collisions/KeyCollisionsAlert';
import { HeldDeactivationAlert } from './features/reconcile/HeldDeactivationAlert';
import { Loading, TopBar, type Connection } from './features/status/TopBar';
import { endedBadly, isStale } from './features/status/status-model';
import { GapsAlert } from './features/timeline/GapsAlert';
import { Timeline } from './features/timeline/Timeline';
import { SettingsPanel } from './features/settings/SettingsPanel';
import { scrollToPanel, useRequestedPanel } from './features/settings/useRequestedPanel';
import { desktopApi } from './api/desktop';
import { useAudit } from './hooks/useAudit';
import { useConsoleActions } from './hooks/useConsoleActions';
import { POLL_MS, useEngineStatus } from './hooks/useEngineStatus';
import { useEngineLog } from './hooks/useEngineLog';
import { useNow } from './hooks/useNow';
import { useOlderRuns } from './hooks/useOlderRuns';
import { useI18n } from './i18n/i18n';

export function App() {
  const { m } = useI18n();
  const clock = useNow();
  const engine = useEngineStatus();
  const log = useEngineLog();
  const actions = useConsoleActions(engine.refresh);
  const [dialog, setDialog] = useState<'pause' | 'resume' | 'release' | 'confirm-deactivation' | null>(null);
  const [recovering, setRecovering] = useState(false);
  const [preview, setPreview] = useState<Interval | null>(null);
  const closeDialog = useCallback(() => setDialog(null), []);
  const openResume = useCallback(() => setDialog('resume'), []);
  const closeRecovery = useCallback(() => setRecovering(false), []);
  // Desktop app: "Configurações", and the panel a tray item or a notification asks for (#panel=…).
  const [settingsOpen, setSettingsOpen] = useState(false);
  useRequestedPanel((panel) => {
    if (panel === 'pause' || panel === 'resume' || panel === 'release') setDialog(panel);
    else if (panel === 'recovery') setRecovering(true);
    else if (panel === 'settings') setSettingsOpen(Boolean(desktopApi));
    scrollToPanel(panel);
  });
  const { status, fetchError, fetchCause, receivedAt } = engine;
  const history = useOlderRuns(status?.recentRuns ?? NO_RUNS);
  const audit = useAudit(status ? `${status.paused?.at ?? ''}|${status.lock.holder?.token ?? ''}|${actions.notice?.at ?? ''}` : null);

  if (!status) return <Loading fetchError={fetchError} fetchCause={fetchCause} />;

  const now = clock + engine.skew;
  // The status may have arrived after the last tick of the clock.
  const sinceFetch = Math.max(0, clock - receivedAt);
  const connection: Connection = { stale: isStale(fetchError, sinceFetch, POLL_MS), sinceFetch, receivedAt, fetchError, fetchCause };
  const running = engine.progress ?? status.running;
  const runBusy = Boolean(pending(actions) || running);
  const holder = status.lock.holder;
  const current = { ...status, running };
  const verdict = healthVerdict(current, now);
  const sinceSuccessLate = verdict.rules.some((rule) => rule.id === 'sinceSuccess' && rule.level !== 'ok');
  // the banner tells the last run's failure, with its one retry offer
  const lastFailed = endedBadly(status.lastRun);

  return (
    <div className={`app${status.mode === 'demo' ? ' is-demo' : ''}`}>
      <TopBar status={status} now={now} connection={connection}>
        {desktopApi && (
          <button type="button" className="btn" onClick={() => setSettingsOpen(true)} data-testid="settings-open">
            {m.desktop.settings.open}
          </button>
        )}
        <button type="button" className="btn" onClick={() => setRecovering((open) => !open)} aria-expanded={recovering} data-testid="recovery-open">
          {m.actions.recovery}…
        </button>
        <ActionButtons
          busy={runBusy}
          running={Boolean(running)}
          syncing={Boolean(actions.pending.sync)}
          reconciling={Boolean(actions.pending.reconcile)}
          onSync={actions.syncNow}
          onReconcile={actions.reconcile}
        />
      </TopBar>

      <main className="main">
        <HealthPanel verdict={verdict} />

        <div className="alerts">
          <StaleAlert connection={connection} />
          <PausedAlert paused={status.paused} now={now} onResume={openResume} />
          <LastRunFailedAlert lastRun={status.lastRun} now={now} busy={runBusy} onSyncNow={actions.syncNow} />
          <GapsAlert gaps={status.coverage.gaps} />
          <HeldDeactivationAlert runs={status.recentRuns} busy={runBusy} onConfirm={() => setDialog('confirm-deactivation')} />
          <KeyCollisionsAlert collisions={status.keyCollisions} />
          <DegradedAlert lock={status.lock} />
          <RunningAlert running={running} now={now} />
          {/* a failed run the banner tells (its cause, its retry) is not told again by the notice */}
          <NoticeAlert
            notice={lastFailed && actions.notice?.runId === status.lastRun?.id ? null : actions.notice}
            busy={runBusy}
            offerShown={lastFailed}
            onSyncNow={actions.syncNow}
            onDismiss={actions.dismissNotice}
          />
        </div>

        <section className="cards" aria-label={m.cards.lastRun}>
          <LastRunCard status={status} now={now} />
          <WatermarkCard status={status} now={now} />
          <LockCard status={current} now={now} sinceFetch={sinceFetch} onRelease={() => setDialog('release')} />
          <ScheduleCard status={status} now={now} onPause={() => setDialog('pause')} onResume={openResume} />
          <TotalsCard totals={status.totals} />
        </section>

        {recovering && (
          <RecoveryPanel
            now={now}
            busy={runBusy}
            longAfterMs={status.settings.maxCatchUpHours * 3_600_000}
            onPreview={setPreview}
            onRecover={actions.recover}
            onClose={closeRecovery}
          />
        )}

        <Timeline
          status={status}
          now={now}
          busy={runBusy}
          preview={recovering ? preview : null}
          sinceSuccessLate={sinceSuccessLate}
          history={history}
          onFillGap={actions.fillGap}
        />

        <div className="bottom">
          <RunsTable runs={status.recentRuns} now={now} />
          <AuditPanel entries={audit} now={now} />
          <LogPanel lines={log.lines} onClear={log.clear} />
        </div>
      </main>

      {settingsOpen && desktopApi && <SettingsPanel api={desktopApi} onClose={() => setSettingsOpen(false)} />}
      {dialog === 'pause' && <ReasonActionDialog action="pause" onConfirm={actions.pause} onClose={closeDialog} />}
      {dialog === 'confirm-deactivation' && <ReasonActionDialog action="confirmDeactivation" onConfirm={actions.confirmDeactivation} onClose={closeDialog} />}
      {dialog === 'resume' && <ReasonActionDialog action="resume" onConfirm={actions.resume} onClose={closeDialog} />}
      {dialog === 'release' && holder && (
        <ReleaseLockDialog
          holder={holder}
          diagnosis={diagnoseLock(current, now)}
          ttlMs={status.lock.ttlMs === null ? null : Math.max(0, status.lock.ttlMs - sinceFetch)}
          now={now}
          onRelease={(reason) => actions.releaseLock(holder, reason)}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}

const NO_RUNS: RunSummary[] = [];
const pending = (actions: { pending: Partial<Record<string, boolean>> }) => actions.pending.sync || actions.pending.reconcile;
