/**
 * The headless host with CONSOLE_TOKEN: the API answers only with the token (header, or
 * query for the event stream); `serve` refuses a non-loopback address without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { checkBinding } from '../../../electron/engine/http/serve';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const TOKEN = 'a-console-token-of-some-length';

describe('console API token', () => {
  let h: SyncHarness;
  let host: HttpHost;
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5 });
    host = await startHttpHost(createConsoleService(h.engine, 'test'), { port: 0, host: '127.0.0.1', token: TOKEN });
  });
  afterAll(async () => {
    await host?.close();
    await h?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${host.url}${path}`, { headers });

  it('refuses the API without the token or with a wrong one', async () => {
    expect((await get('/api/getStatus')).status).toBe(401);
    expect((await get('/api/getStatus', { authorization: 'Bearer wrong-token-wrong-token!!' })).status).toBe(401);
    const refused = await fetch(`${host.url}/api/pause`, { method: 'POST', body: JSON.stringify({ reason: 'x' }) });
    expect(refused.status).toBe(401);
    expect((await h.store.getSyncState()).paused).toBe(false);
  });

  it('answers with the token in the Authorization header', async () => {
    const response = await get('/api/getStatus', { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { mode: string } }).result.mode).toBe('odoo');
  });

  it('opens the event stream with the token as a query parameter (EventSource sends no headers)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}/api/events?token=${encodeURIComponent(TOKEN)}`, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect((await get('/api/events?token=nope')).status).toBe(401);
  });

  it('serve refuses a non-loopback address without a token', () => {
    expect(() => checkBinding('0.0.0.0', null)).toThrow(/defina antes CONSOLE_TOKEN/);
    expect(() => checkBinding('0.0.0.0', TOKEN)).not.toThrow();
    expect(() => checkBinding('127.0.0.1', null)).not.toThrow();
  });
});
