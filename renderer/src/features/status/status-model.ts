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

/** How far the watermark is behind `now`: shown, never an alarm (a quiet Odoo leaves it behind; the health verdict judges freshness). */
export function watermarkLag(status: EngineStatus, now: number): number | null {
  const watermarkMs = parseTime(status.watermark);
  return watermarkMs === null ? null : now - watermarkMs;
}

/** Width of the progress bar, in percent: a sliver while the total is unknown. */
export function progressPercent(progress: RunProgress): number {
  return progress.ordersTotal ? Math.min(100, (progress.ordersDone / progress.ordersTotal) * 100) : 5;
}

/** The window the next scheduled run will plan, as the engine planned it; its end follows the clock once the slot is due. */
export function nextWindow(status: EngineStatus, now: number): { from: number; to: number } | null {
  if (!status.nextWindow) return null;
  return { from: Date.parse(status.nextWindow.from), to: Math.max(now, Date.parse(status.nextWindow.to)) };
}
