/**
 * Monitoring doors (issue 18): `/healthz` on the headless host, for a load balancer or an uptime
 * check. It answers the health verdict alone — 200 for OK and Atenção, 503 for Crítico (or when no
 * verdict can be had) — with no token even when CONSOLE_TOKEN is set, so it must reveal nothing
 * else: no URL, database, user, holder, error text.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Redis from 'ioredis';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { connectTestRedis } from '../../support/services';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const TOKEN = 'a-console-token-of-some-length';
const MINUTE = 60_000;

describe('/healthz', () => {
  let h: SyncHarness;
  let host: HttpHost;
  let redis: Redis;
  const key = () => `${h.env.SYNC_REDIS_PREFIX}:lock`;
  const healthz = (init: RequestInit = {}) => fetch(`${host.url}/healthz`, init);

  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5 });
    host = await startHttpHost(createConsoleService(h.engine, 'test'), { port: 0, host: '127.0.0.1', token: TOKEN });
    redis = await connectTestRedis();
  });
  beforeEach(async () => {
    await redis.del(key());
  });
  afterAll(async () => {
    redis?.disconnect();
    await host?.close();
    await h?.close();
  });

  it('Atenção (never synced) is 200, without a token, with the verdict alone', async () => {
    expect((await fetch(`${host.url}/api/getStatus`)).status).toBe(401);
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'warn', verdict: 'Atenção' });
  });

  it('OK is 200', async () => {
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', verdict: 'OK' });
    // HEAD, as some balancers probe
    const head = await healthz({ method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('Crítico is 503: a stuck holder that made a run skip', async () => {
    const holder = {
      token: 'e'.repeat(32),
      owner: 'scheduler@old-vm',
      host: 'old-vm',
      pid: 9,
      runId: null,
      acquiredAt: new Date(h.clock.now().getTime() - 40 * MINUTE).toISOString(),
      fence: 1,
    };
    await redis.set(key(), JSON.stringify(holder), 'PX', 20 * MINUTE);
    h.clock.advance(30 * MINUTE);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('skipped');
    const response = await healthz();
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'critical', verdict: 'Crítico' });
    // nothing about who or where
    for (const secret of ['old-vm', 'scheduler', h.env.ODOO_URL, h.env.DATABASE_URL, 'redis', 'token']) expect(body).not.toContain(secret);
  });

  it('takes GET and HEAD only', async () => {
    const response = await healthz({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
  });
});
