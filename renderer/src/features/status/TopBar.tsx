/** The top bar: the console's name and mode (DEMO stands out), what it talks to, whether it is live, the language. */
import type { ReactNode } from 'react';
import type { EngineStatus } from '../../../../shared/engine-types';
import type { FailureCause } from '../../../../shared/failure-cause';
import { describeCause } from '../../../../shared/failure-text';
import { utcOffsetLabel } from '../../format';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { useI18n } from '../../i18n/i18n';
import { ErrorDetail } from '../actions/ErrorDetail';
import { odooProtocolText } from './status-model';

export interface Connection {
  stale: boolean;
  sinceFetch: number;
  receivedAt: number;
  fetchError: string | null;
  /** the cause the engine gave for not answering (its store unreachable, say): it is up, but cannot say more */
  fetchCause?: FailureCause | null;
}

export function TopBar({ status, now, connection, children }: { status: EngineStatus; now: number; connection: Connection; children: ReactNode }) {
  const words = useI18n();
  const { m, f } = words;
  const demo = status.mode === 'demo';
  const { stale, sinceFetch, receivedAt, fetchError } = connection;
  return (
    <header className="topbar">
      <div className="brand">
        <h1>{m.app.title}</h1>
        <span className={`mode ${demo ? 'mode-demo' : 'mode-odoo'}`} data-testid="mode" title={demo ? m.app.demoTitle : m.app.odooTitle}>
          {status.modeLabel}
        </span>
        {demo && <span className="demo-note">{m.app.demoNote}</span>}
      </div>
      <div className="target">
        <span title="Odoo">
          <b>Odoo</b> {status.odoo.url} · {status.odoo.db} · {status.odoo.user}
        </span>
        <span title={m.app.protocolTitle} data-testid="odoo-protocol">
          <b>{m.app.protocol}</b> {odooProtocolText(status.odoo.protocol, words)}
        </span>
        <span title={status.database.target}>
          <b>{m.app.db}</b> {status.database.backend}
        </span>
        <span>
          <b>{m.app.times}</b> {m.app.local(utcOffsetLabel(now))}
        </span>
      </div>
      <div className="top-actions">
        <span className={`conn ${stale ? 'conn-bad' : 'conn-ok'}`} data-testid="connection" title={fetchError ?? m.app.lastUpdate(f.full(receivedAt))}>
          <i aria-hidden="true" />
          {stale ? m.app.stale(f.duration(sinceFetch)) : m.app.live}
        </span>
        <LanguageSwitch />
        {children}
      </div>
    </header>
  );
}

/** Before the first status: connecting, or why the engine cannot be reached (or, reached, why it cannot answer: its cause and what to do). */
export function Loading({ fetchError, fetchCause = null }: { fetchError: string | null; fetchCause?: FailureCause | null }) {
  const { m } = useI18n();
  const cause = fetchCause ? describeCause(fetchCause, m) : null;
  return (
    <main className="loading" data-testid="loading">
      <h1>{m.app.title}</h1>
      {cause && fetchError ? (
        <div role="alert" data-testid="loading-cause" data-cause={fetchCause?.code}>
          <p>
            {m.alerts.engineFailed} <b>{cause.title}</b> {cause.next}
          </p>
          <ErrorDetail detail={fetchError} />
        </div>
      ) : (
        <p role={fetchError ? 'alert' : 'status'}>{fetchError ? m.app.cannotReach(fetchError) : m.app.connecting}</p>
      )}
    </main>
  );
}
