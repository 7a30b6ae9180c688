/** The top bar: the console's name and mode (DEMO stands out), what it talks to, and whether it is live. */
import type { ReactNode } from 'react';
import type { EngineStatus } from '../../../../shared/engine-types';
import { formatDuration, formatFull, utcOffsetLabel } from '../../format';

export interface Connection {
  stale: boolean;
  sinceFetch: number;
  receivedAt: number;
  fetchError: string | null;
}

export function TopBar({ status, now, connection, children }: { status: EngineStatus; now: number; connection: Connection; children: ReactNode }) {
  const demo = status.mode === 'demo';
  const { stale, sinceFetch, receivedAt, fetchError } = connection;
  return (
    <header className="topbar">
      <div className="brand">
        <h1>Carteira Sync Console</h1>
        <span
          className={`mode ${demo ? 'mode-demo' : 'mode-odoo'}`}
          data-testid="mode"
          title={demo ? 'Demo mode: a simulated Odoo, not production data' : 'Connected to a real Odoo'}
        >
          {status.modeLabel}
        </span>
        {demo && <span className="demo-note">simulated Odoo · not production data</span>}
      </div>
      <div className="target">
        <span title="Odoo">
          <b>Odoo</b> {status.odoo.url} · {status.odoo.db} · {status.odoo.user}
        </span>
        <span title={status.database.target}>
          <b>DB</b> {status.database.backend}
        </span>
        <span>
          <b>Times</b> local {utcOffsetLabel(now)}
        </span>
      </div>
      <div className="top-actions">
        <span className={`conn ${stale ? 'conn-bad' : 'conn-ok'}`} data-testid="connection" title={fetchError ?? `last update ${formatFull(receivedAt)}`}>
          <i />
          {stale ? `STALE · updated ${formatDuration(sinceFetch)} ago` : 'Live'}
        </span>
        {children}
      </div>
    </header>
  );
}

/** Before the first status: connecting, or why the engine cannot be reached. */
export function Loading({ fetchError }: { fetchError: string | null }) {
  return (
    <main className="loading" data-testid="loading">
      <h1>Carteira Sync Console</h1>
      <p>{fetchError ? `Cannot reach the engine: ${fetchError}` : 'Connecting to the engine…'}</p>
    </main>
  );
}
