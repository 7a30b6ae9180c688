/**
 * `/metrics` on the headless host: Prometheus text with exactly the names of docs/DESIGN.md,
 * guarded by CONSOLE_TOKEN like the API, and values that follow the runs and the lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { createMetrics, type Metrics } from '../../../electron/engine/http/metrics';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const TOKEN = 'a-metrics-token-of-some-length';
const NAMES = [
  'carteira_sync_runs_total',
  'carteira_sync_run_duration_seconds',
  'carteira_sync_last_success_timestamp_seconds',
  'carteira_sync_watermark_timestamp_seconds',
  'carteira_sync_orders_processed',
  'carteira_sync_rows',
  'carteira_sync_gap_seconds',
  'carteira_sync_lock_held',
  'carteira_sync_lock_ttl_seconds',
  'carteira_sync_lock_degraded',
  'carteira_sync_health',
];

/** `name{labels} value` lines → value by series. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('/metrics', () => {
  let h: SyncHarness;
  let host: HttpHost;
  let metrics: Metrics;
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 8 });
    metrics = createMetrics(h.engine);
    host = await startHttpHost(createConsoleService(h.engine, 'test'), { port: 0, host: '127.0.0.1', token: TOKEN, metrics });
  });
  afterAll(async () => {
    await host?.close();
    metrics?.close();
    await h?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('is guarded by the console token like the API', async () => {
    expect((await fetch(`${host.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${host.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all!!' } })).status).toBe(401);
  });

  it('exposes exactly the documented names', async () => {
    const text = await scrape();
    const declared = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => match[1]);
    expect(declared.sort()).toEqual([...NAMES].sort());
    const values = samples(text);
    // Never synced: health Atenção, nothing held.
    expect(values.get('carteira_sync_health')).toBe(1);
    expect(values.get('carteira_sync_lock_held')).toBe(0);
    expect(values.get('carteira_sync_last_success_timestamp_seconds')).toBe(0);
  });

  it('follows a run: counted by status and trigger, its duration observed, rows, watermark, last success, health OK', async () => {
    const report = await h.engine.runSync({ kind: 'planned', trigger: 'manual' });
    expect(report.run.status).toBe('succeeded');
    const values = samples(await scrape());
    expect(values.get('carteira_sync_runs_total{status="succeeded",trigger="manual"}')).toBe(1);
    expect(values.get('carteira_sync_run_duration_seconds_count{trigger="manual"}')).toBe(1);
    const status = await h.engine.status();
    expect(values.get('carteira_sync_rows{state="active"}')).toBe(status.totals.active);
    expect(values.get('carteira_sync_rows{state="inactive"}')).toBe(status.totals.rows - status.totals.active);
    expect(values.get('carteira_sync_orders_processed')).toBe(report.run.ordersSeen);
    expect(values.get('carteira_sync_watermark_timestamp_seconds')).toBe(Date.parse(status.watermark!) / 1000);
    expect(values.get('carteira_sync_last_success_timestamp_seconds')).toBe(Date.parse(report.run.finishedAt!) / 1000);
    expect(values.get('carteira_sync_gap_seconds')).toBe(0);
    expect(values.get('carteira_sync_health')).toBe(0);
    // The status carries the same verdict (status --json, the tray).
    expect(status.health.level).toBe('ok');
    expect(status.health.rules.map((rule) => rule.id)).toContain('sinceSuccess');
  });

  it('shows a held lock with its TTL, and a failure makes the health Atenção', async () => {
    const result = await h.lock.tryAcquire({ runId: null });
    if (!result.acquired) throw new Error('the lock should be free');
    try {
      const values = samples(await scrape());
      expect(values.get('carteira_sync_lock_held')).toBe(1);
      expect(values.get('carteira_sync_lock_ttl_seconds')).toBeGreaterThan(0);
      expect(values.get('carteira_sync_lock_degraded')).toBe(0);
    } finally {
      await result.handle.release();
    }
    h.sim.faults.inject({ kind: 'fault', code: 1, string: 'Odoo Server Error', match: { service: 'object' }, times: 'always' });
    try {
      h.clock.advance(30 * 60_000);
      expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('failed');
    } finally {
      h.sim.faults.clear();
    }
    const values = samples(await scrape());
    expect(values.get('carteira_sync_runs_total{status="failed",trigger="scheduled"}')).toBe(1);
    expect(values.get('carteira_sync_health')).toBe(1);
  });
});
