/** Small judgements the status views make. Pure. */
import type { EngineStatus, RunProgress, RunSummary } from '../../../../shared/engine-types';
import { parseTime } from '../../format';
import type { Words } from '../../i18n/i18n';

const PROTOCOL_NAMES = { json2: 'JSON-2', jsonrpc: 'JSON-RPC', xmlrpc: 'XML-RPC' } as const;

/** The Odoo protocol in use as Odoo names it; under `auto` none is known until the first call. */
export function odooProtocolText(protocol: EngineStatus['odoo']['protocol'], { m }: Pick<Words, 'm'>): string {
  return protocol ? PROTOCOL_NAMES[protocol] : m.app.protocolUndecided;
}

/** Not connected: the newest status request failed, or no status came for three poll intervals. */
export function isStale(fetchError: string | null, sinceFetch: number, pollMs: number): boolean {
  return fetchError !== null || sinceFetch > pollMs * 3;
}

/** A run that ended badly (the red banner and card). */
export function endedBadly(run: RunSummary | null): boolean {
  return run?.status === 'failed' || run?.status === 'aborted';
}

/** How far the watermark is behind `now`, and whether that is more than one interval plus one window. */
export function watermarkLag(status: EngineStatus, now: number): { lag: number | null; late: boolean } {
  const watermarkMs = parseTime(status.watermark);
  const lag = watermarkMs === null ? null : now - watermarkMs;
  const limit = (status.settings.intervalMinutes + status.settings.windowMinutes) * 60_000;
  return { lag, late: lag !== null && lag > limit };
}

/** Width of the progress bar, in percent: a sliver while the total is unknown. */
export function progressPercent(progress: RunProgress): number {
  return progress.ordersTotal ? Math.min(100, (progress.ordersDone / progress.ordersTotal) * 100) : 5;
}

/**
 * The window the next scheduled run will plan, as the engine's planner
 * (electron/engine/sync/window-planner.ts) does: from Odoo's clock when the last successful run
 * began reading, less the overlap; before that clock was ever recorded, from
 * `min(next − window, watermark − overlap)`. No further back than the catch-up bound, up to the
 * next run's time. Null when the next run is a first (full) load.
 */
export function nextWindow(status: EngineStatus, now: number): { from: number; to: number } | null {
  const { windowMinutes, overlapMinutes, maxCatchUpHours } = status.settings;
  const watermark = parseTime(status.watermark);
  const odooSyncedTo = parseTime(status.odooSyncedTo);
  if (watermark === null && odooSyncedTo === null && !status.lastSuccess) return null;
  const to = Math.max(now, parseTime(status.scheduler?.nextRunAt) ?? now);
  const byWindow = to - windowMinutes * 60_000;
  const wanted =
    odooSyncedTo !== null ? odooSyncedTo - overlapMinutes * 60_000 : watermark === null ? byWindow : Math.min(byWindow, watermark - overlapMinutes * 60_000);
  return { from: Math.max(wanted, to - maxCatchUpHours * 3600_000), to };
}
