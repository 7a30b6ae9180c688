/**
 * Prometheus metrics of the headless host (`GET /metrics`), with prom-client and exactly the
 * names of docs/DESIGN.md. Counters and the duration histogram follow the runs that finish in
 * this process (`run-finished` events); every gauge is read from one status snapshot taken at
 * scrape time, and `carteira_sync_health` is the same verdict the console shows
 * (shared/health.ts): 0 OK, 1 Atenção, 2 Crítico.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineEvent, EngineStatus, RunSummary } from '../../../shared/engine-types';
import { healthValue } from '../../../shared/health';

/** What the metrics need from the engine. */
export interface MetricsSource {
  status(): Promise<EngineStatus>;
  on(listener: (event: EngineEvent) => void): () => void;
}

export interface Metrics {
  contentType: string;
  /** the exposition text, from a fresh status */
  render(): Promise<string>;
  close(): void;
}

const seconds = (iso: string | null | undefined): number => (iso ? Date.parse(iso) / 1000 : 0);

export function createMetrics(source: MetricsSource): Metrics {
  const registry = new Registry();
  const runs = new Counter({
    name: 'carteira_sync_runs_total',
    help: 'Runs finished by this process, by status and trigger',
    labelNames: ['status', 'trigger'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'carteira_sync_run_duration_seconds',
    help: 'Duration of the runs finished by this process (skipped runs excluded); the runbook wants < 300 s',
    labelNames: ['trigger'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800],
    registers: [registry],
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const lastSuccess = gauge('carteira_sync_last_success_timestamp_seconds', 'End of the last successful sync (Unix seconds; 0 before the first)');
  const watermark = gauge('carteira_sync_watermark_timestamp_seconds', 'Newest Odoo write_date applied (Unix seconds; 0 before the first load)');
  const orders = gauge('carteira_sync_orders_processed', 'Orders the last finished sync processed');
  const rows = gauge('carteira_sync_rows', 'Rows of the carteira table by state', ['state']);
  const gap = gauge('carteira_sync_gap_seconds', 'Seconds of coverage gaps (stretches no successful run covered)');
  const lockHeld = gauge('carteira_sync_lock_held', '1 when the sync lock is held');
  const lockTtl = gauge('carteira_sync_lock_ttl_seconds', 'Seconds before the held lock expires by itself (0 when free, -1 when its backend has no TTL)');
  const lockDegraded = gauge('carteira_sync_lock_degraded', '1 when the lock uses a fallback backend although Redis is configured, or cannot be inspected');
  const health = gauge('carteira_sync_health', 'Health verdict: 0 OK, 1 Atenção, 2 Crítico');

  const unsubscribe = source.on((event) => {
    if (event.type !== 'run-finished') return;
    const run: RunSummary = event.run;
    runs.inc({ status: run.status, trigger: run.trigger });
    if (run.status !== 'skipped' && run.finishedAt) duration.observe({ trigger: run.trigger }, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
  });

  return {
    contentType: registry.contentType,
    render: async () => {
      const status = await source.status();
      lastSuccess.set(seconds(status.lastSuccess?.finishedAt));
      watermark.set(seconds(status.watermark));
      const lastSync = status.recentRuns.find((run) => run.trigger !== 'reconcile' && run.status !== 'running' && run.status !== 'skipped');
      orders.set(lastSync?.ordersSeen ?? 0);
      rows.set({ state: 'active' }, status.totals.active);
      rows.set({ state: 'inactive' }, status.totals.rows - status.totals.active);
      gap.set(status.coverage.gaps.reduce((sum, interval) => sum + (interval.to - interval.from), 0) / 1000);
      lockHeld.set(status.lock.held ? 1 : 0);
      lockTtl.set(!status.lock.held ? 0 : status.lock.ttlMs === null ? -1 : status.lock.ttlMs / 1000);
      lockDegraded.set(status.lock.degraded || status.lock.error ? 1 : 0);
      health.set(healthValue(status.health.level));
      return registry.metrics();
    },
    close: unsubscribe,
  };
}
