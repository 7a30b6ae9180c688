/**
 * The HTTP door generated from the console contract: every method answers on its route and
 * verb, a wrong verb is a 405, an unknown route a 404, and input the schemas refuse a 400
 * that names the method and the field, with nothing done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleContract, consoleMethods, consoleRoute } from '../../../shared/console-contract';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

describe('console API over HTTP', () => {
  let h: SyncHarness;
  let host: HttpHost;
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'pglite', orders: 5 });
    host = await startHttpHost(createConsoleService(h.engine, 'test'), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await host?.close();
    await h?.close();
  });

  const post = (method: string, body: unknown) =>
    fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves every read of the table on its route with GET', async () => {
    for (const method of consoleMethods.filter((name) => consoleContract[name].verb === 'GET')) {
      const response = await fetch(`${host.url}${consoleRoute(method)}`);
      expect(response.status, method).toBe(200);
      expect(await response.json(), method).toHaveProperty('result');
    }
  });

  it('refuses the wrong verb (405) and an unknown method (404)', async () => {
    const wrong = await fetch(`${host.url}/api/getStatus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toEqual({ error: 'getStatus takes GET' });
    expect((await fetch(`${host.url}/api/runSync`)).status).toBe(405);
    expect((await fetch(`${host.url}/api/dropTables`)).status).toBe(404);
    expect((await fetch(`${host.url}/api/constructor`)).status).toBe(404);
  });

  it('answers input the schemas refuse with a 400 naming the method and field, and does nothing', async () => {
    const bad = await post('runSync', { kind: 'window', minutes: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^runSync: minutes: /);
    const noReason = await post('pause', { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: string }).error).toBe('pause: reason: a reason is required');
    expect(await h.engine.isPaused()).toBe(false);
    const inverted = await post('runSync', { kind: 'range', from: '2026-06-01T12:00:00Z', to: '2026-06-01T11:00:00Z' });
    expect(inverted.status).toBe(400);
    const { error } = (await inverted.json()) as { error: string };
    expect(error).toMatch(/início do intervalo .* deve ser antes do fim/);
    expect(error).not.toContain('--');
    expect(await h.store.listRuns()).toHaveLength(0);
  });

  it('runs an action with valid input', async () => {
    const response = await post('runSync', { kind: 'window', minutes: 60 });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { exitCode: number; run: { trigger: string } } };
    expect(result).toMatchObject({ exitCode: 0, run: { trigger: 'recovery' } });
    expect((await post('pause', { reason: 'maintenance' })).status).toBe(200);
    expect(await h.engine.isPaused()).toBe(true);
    // a resume is audited with its reason, like a pause (issue 18.6)
    expect((await post('resume', {})).status).toBe(400);
    expect(await h.engine.isPaused()).toBe(true);
    expect((await post('resume', { reason: 'maintenance over' })).status).toBe(200);
    expect(await h.engine.isPaused()).toBe(false);
  });
});
